import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The migrations this build ships: the SQL files and drizzle's meta/_journal.json. The build copies
 * the folder beside the compiled db code (scripts/build.mjs), so this path holds in src/ and dist/.
 */
export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The database's schema is not the one this build serves; the message says what to do. */
export class SchemaVersionError extends Error {
  override name = 'SchemaVersionError';
}

interface JournalEntry {
  tag: string;
  when: number;
}

export interface SchemaStatus {
  /** Tags of the shipped migrations the database has not had yet, in order. */
  pending: string[];
  /**
   * Migrations recorded in the database that this build does not ship (their drizzle timestamps):
   * a newer credgate migrated it.
   */
  unknown: number[];
  /** The tag of the newest shipped migration. */
  latest: string;
}

function journal(): JournalEntry[] {
  const parsed = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return parsed.entries;
}

/**
 * Compares drizzle's record of applied migrations (`__drizzle_migrations`, one row per migration
 * with the journal's `when` as created_at) with the journal this build ships. drizzle identifies a
 * migration by that timestamp and applies those later than the last one recorded, so the same
 * rule is used here: a recorded timestamp the journal lacks is a migration from a newer build.
 */
export function schemaStatus(sqlite: Database.Database): SchemaStatus {
  const shipped = journal();
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  const applied = table
    ? (sqlite.prepare('select created_at from __drizzle_migrations').all() as { created_at: number | string }[]).map((row) => Number(row.created_at))
    : [];
  const known = new Set(shipped.map((entry) => entry.when));
  const newest = applied.length ? Math.max(...applied) : -Infinity;
  return {
    pending: shipped.filter((entry) => entry.when > newest).map((entry) => entry.tag),
    unknown: applied.filter((when) => !known.has(when)).sort((a, b) => a - b),
    latest: shipped.at(-1)?.tag ?? '(none)',
  };
}

export interface PrepareSchemaOptions {
  /** Apply pending migrations (the default); false refuses a database that needs them. */
  migrate: boolean;
}

/**
 * Makes sure the database has exactly the schema this build knows before anything reads it:
 * refuses one migrated by a newer build (whatever `migrate` says: serving it would misread or
 * corrupt data the newer code wrote), applies pending migrations when allowed, and otherwise
 * refuses one that needs them. Returns the tags applied.
 */
export function prepareSchema(db: BetterSQLite3Database<Record<string, unknown>> & { $client: Database.Database }, options: PrepareSchemaOptions): string[] {
  const status = schemaStatus(db.$client);
  if (status.unknown.length > 0) {
    throw new SchemaVersionError(
      `the database's schema is newer than this credgate knows: it records ${status.unknown.length} migration(s) ` +
        `(drizzle timestamps ${status.unknown.join(', ')}) that this build does not ship (its newest is ${status.latest}). ` +
        'Run the credgate version that migrated it, or a newer one; this one will not read or write it.',
    );
  }
  if (status.pending.length === 0) return [];
  if (!options.migrate) {
    throw new SchemaVersionError(
      `the database's schema is older than this credgate: ${status.pending.length} migration(s) pending (${status.pending.join(', ')}). ` +
        'Run `npm run migrate` (node dist/migrate.js in the image) first, or start without CREDGATE_MIGRATE=false / --no-migrate.',
    );
  }
  migrate(db, { migrationsFolder });
  return status.pending;
}
