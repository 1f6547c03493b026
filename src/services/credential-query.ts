import type { ServiceDeps } from './context.js';

/**
 * The credentials table: filter, search, sort and keyset paging over every column.
 * (Being built for issue 5.)
 */
export class CredentialQueryService {
  constructor(readonly deps: ServiceDeps) {}
}
