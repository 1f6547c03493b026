/**
 * `npm run migrate` (`node dist/migrate.js` in the image): brings the database to the schema this
 * build ships, as a command of its own, so that gateways can start with CREDGATE_MIGRATE=false (or
 * `--no-migrate`) and never migrate while serving. Reads the same environment as the gateway
 * (CREDGATE_DATA_DIR). It takes the data directory's lock like a gateway does, so it refuses to run
 * beside a gateway that is using the directory, and it refuses a schema newer than it knows.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv, ConfigError } from './config.js';
import { openDatabase } from './db/connection.js';
import { DataDirLockedError } from './db/lock.js';
import { schemaStatus, SchemaVersionError } from './db/schema-version.js';

function main(): void {
  const { dataDir } = configFromEnv();
  const file = join(dataDir, 'credgate.db');
  // What will be applied, for the report; read before the lock, only to word the message.
  let pending: string[] | null = null;
  if (existsSync(file)) {
    const peek = new Database(file, { readonly: true, fileMustExist: true });
    try {
      pending = schemaStatus(peek).pending;
    } finally {
      peek.close();
    }
  }
  const db = openDatabase(file, { migrate: true });
  const status = schemaStatus(db.$client);
  db.$client.close();
  const applied = pending ?? 'all';
  if (Array.isArray(applied) && applied.length === 0) {
    console.log(`credgate migrate: ${file} is up to date (schema ${status.latest}); nothing to apply`);
  } else {
    console.log(`credgate migrate: ${file} migrated to ${status.latest}${Array.isArray(applied) ? ` (applied ${applied.join(', ')})` : ' (new database)'}`);
  }
}

try {
  main();
} catch (error) {
  const known = error instanceof ConfigError || error instanceof SchemaVersionError || error instanceof DataDirLockedError;
  console.error(`credgate migrate failed: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}`);
  process.exit(1);
}
