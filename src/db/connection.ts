import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';
import { foldCase } from '../domain/credential-filter.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** What a service may write through: the database itself or an open transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenDatabaseOptions {
  /** Called with every SQL statement run (tests count statements with it). */
  onStatement?: (sql: string) => void;
}

/** Opens (creating if needed) the SQLite file, turns on WAL and foreign keys, and applies migrations. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Only the gateway's user reads the database (SQLite gives its -wal and -shm files the same mode).
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const sqlite = new Database(file, options.onStatement ? { verbose: (s) => options.onStatement!(String(s)) } : {});
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's lower() and LIKE fold ASCII only; filters with other letters compare through fold().
  sqlite.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldCase(text) : text));
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}
