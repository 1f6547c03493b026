import Database from 'better-sqlite3';

/**
 * SQLite result codes that mean "the storage cannot take this write now" (disk full, another
 * writer holding the lock, an I/O error) rather than a bug or a broken constraint: the write is
 * worth trying again later, and a client may retry (HTTP 503, STORAGE_UNAVAILABLE).
 */
const RETRYABLE = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|CANTOPEN|PROTOCOL|NOMEM)(_|$)/;

export type SqliteError = InstanceType<typeof Database.SqliteError>;

export function isStorageFailure(error: unknown): error is SqliteError {
  return error instanceof Database.SqliteError && RETRYABLE.test(error.code);
}

/** What a client is told (nothing of the statement or the data): the request may be retried. */
export const STORAGE_UNAVAILABLE_MESSAGE = 'The database cannot take writes right now (storage full, busy or failing); retry later.';

/**
 * Whether the database took its last write. Every writer that retries reports here; /readyz
 * answers from it, and while it is failing probes with a real write so that readiness comes back
 * as soon as the storage does, even when nothing else is waiting to be written.
 */
export class StorageHealth {
  private failingSince: number | null = null;
  private lastCode: string | null = null;
  /** Observers (metrics): a storage failure happened, with its SQLite code. */
  readonly onFailure = new Set<(code: string) => void>();

  failed(error: SqliteError): void {
    if (this.failingSince === null) this.failingSince = Date.now();
    this.lastCode = error.code;
    for (const listener of this.onFailure) listener(error.code);
  }

  succeeded(): void {
    this.failingSince = null;
    this.lastCode = null;
  }

  get failing(): boolean {
    return this.failingSince !== null;
  }

  get code(): string | null {
    return this.lastCode;
  }
}

const healthOf = new WeakMap<object, StorageHealth>();

/** The storage health of one open database. */
export function storageHealth(db: { $client: Database.Database }): StorageHealth {
  let health = healthOf.get(db.$client);
  if (!health) healthOf.set(db.$client, (health = new StorageHealth()));
  return health;
}
