import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { prepareSchema } from './schema-version.js';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema.js';
import { foldCase } from '../domain/credential-filter.js';
import { acquireDataDirLock } from './lock.js';
import { isStorageFailure, storageHealth } from './storage.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** What a service may write through: the database itself or an open transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface OpenDatabaseOptions {
  /** Called with every SQL statement run (tests count statements with it). */
  onStatement?: (sql: string) => void;
  /** Apply pending migrations (the default); false refuses a database that needs them (CREDGATE_MIGRATE=false). */
  migrate?: boolean;
}

/**
 * Opens (creating if needed) the SQLite file, turns on WAL and foreign keys, and applies migrations
 * (or refuses a schema it does not know: schema-version.ts).
 * A file database is taken with an exclusive lock on its directory first (one process per data
 * directory, see lock.ts): a second gateway stops here, before it reads or writes anything. The
 * lock goes when the database is closed.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  let release = () => {};
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    release = acquireDataDirLock(dirname(file));
    // Only the gateway's user reads the database (SQLite gives its -wal and -shm files the same mode).
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, options.onStatement ? { verbose: (s) => options.onStatement!(String(s)) } : {});
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    // SQLite's lower() and LIKE fold ASCII only; filters with other letters compare through fold().
    sqlite.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldCase(text) : text));
  } catch (error) {
    release();
    throw error;
  }
  const close = sqlite.close.bind(sqlite);
  sqlite.close = () => {
    try {
      return close();
    } finally {
      release();
    }
  };
  observeStorage(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  try {
    prepareSchema(db, { migrate: options.migrate ?? true });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return db;
}

/**
 * Storage faults for tests (like the Kubernetes emulator's faults): while armed, every statement
 * that changes rows fails as SQLite fails when the disk is full (or busy, or failing), before it
 * runs. Reads still work, as they do on a full disk.
 */
export interface StorageFaults {
  /** Fail every write with this SQLite code (e.g. SQLITE_FULL); null to stop. */
  failWrites(code: 'SQLITE_FULL' | 'SQLITE_BUSY' | 'SQLITE_IOERR' | null): void;
  /** Writes refused since armed. */
  refused(): number;
}

const faultsOf = new WeakMap<Database.Database, StorageFaults>();

export function storageFaults(db: Db): StorageFaults {
  const faults = faultsOf.get(db.$client);
  if (!faults) throw new Error('not a database opened by openDatabase');
  return faults;
}

const MESSAGES: Record<string, string> = {
  SQLITE_FULL: 'database or disk is full',
  SQLITE_BUSY: 'database is locked',
  SQLITE_IOERR: 'disk I/O error',
};

/** Statements that change rows; transaction control (BEGIN, COMMIT, ROLLBACK) and reads are not. */
const changesRows = (source: string) => /^\s*(insert|update|delete|replace)\b/i.test(source) || /^\s*with\b[\s\S]*\b(insert|update|delete)\b/i.test(source);

/**
 * Watches every statement and transaction for storage failures (storage.ts: /readyz and the
 * storage-error metric read the result), and carries the test faults above.
 */
function observeStorage(sqlite: Database.Database): void {
  const health = storageHealth({ $client: sqlite });
  let code: string | null = null;
  let refused = 0;
  faultsOf.set(sqlite, {
    failWrites(next) {
      code = next;
      refused = 0;
    },
    refused: () => refused,
  });
  const observe = <A extends unknown[], R>(run: (...args: A) => R, writes: boolean) => function (this: unknown, ...args: A): R {
    if (code && writes) {
      refused += 1;
      const error = new Database.SqliteError(MESSAGES[code], code);
      health.failed(error);
      throw error;
    }
    try {
      const result = run.apply(this, args);
      if (writes && health.failing) health.succeeded();
      return result;
    } catch (error) {
      if (isStorageFailure(error)) health.failed(error);
      throw error;
    }
  };
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    const writes = changesRows(source);
    statement.run = observe(statement.run.bind(statement), writes) as typeof statement.run;
    statement.get = observe(statement.get.bind(statement), writes) as typeof statement.get;
    statement.all = observe(statement.all.bind(statement), writes) as typeof statement.all;
    return statement;
  }) as typeof sqlite.prepare;
  // A full disk shows mostly at COMMIT, which better-sqlite3 runs inside its transaction functions.
  const transaction = sqlite.transaction.bind(sqlite);
  sqlite.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const native = transaction(fn);
    const wrapped = observe(native, false) as typeof native;
    for (const variant of ['deferred', 'immediate', 'exclusive'] as const) wrapped[variant] = observe(native[variant], false);
    wrapped.default = wrapped;
    return wrapped;
  }) as typeof sqlite.transaction;
}
