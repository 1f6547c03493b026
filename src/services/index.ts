import type { Db } from '../db/connection.js';
import type { Logger } from '../log.js';
import type { Keyring } from '../secrets/keyring.js';
import { AccessService } from './access.js';
import { AssetService } from './assets.js';
import { AuditService } from './audit.js';
import type { ServiceDeps } from './context.js';
import { CredentialService } from './credentials.js';
import { CredentialQueryService } from './credential-query.js';
import { EventBus } from './events.js';
import { OrgTreeService } from './org-tree.js';
import { PropagationStateService } from './propagation.js';
import { WorkloadService } from './workloads.js';

export interface Services {
  deps: ServiceDeps;
  events: EventBus;
  orgTree: OrgTreeService;
  propagation: PropagationStateService;
  credentials: CredentialService;
  credentialQuery: CredentialQueryService;
  assets: AssetService;
  workloads: WorkloadService;
  audit: AuditService;
  access: AccessService;
}

export function createServices(options: { db: Db; keyring: Keyring; log: Logger; now?: () => string }): Services {
  const events = new EventBus();
  events.onListenerError = (error) => options.log.error({ err: { message: (error as Error)?.message } }, 'an event listener failed');
  const deps: ServiceDeps = {
    db: options.db,
    keyring: options.keyring,
    log: options.log,
    events,
    now: options.now ?? (() => new Date().toISOString()),
  };
  const propagation = new PropagationStateService(deps);
  const orgTree = new OrgTreeService(deps, propagation);
  const credentials = new CredentialService(deps, orgTree, propagation);
  const assets = new AssetService(deps, orgTree);
  return {
    deps,
    events,
    orgTree,
    propagation,
    credentials,
    credentialQuery: new CredentialQueryService(deps),
    assets,
    workloads: new WorkloadService(deps, orgTree, credentials, assets),
    audit: new AuditService(deps),
    access: new AccessService(deps, orgTree),
  };
}
