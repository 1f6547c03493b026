import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv, ConfigError } from '../../src/config.js';
import { migrationsFolder, SchemaVersionError } from '../../src/db/schema-version.js';
import { startGateway, TEST_ADMIN_TOKEN } from '../support/gateway.js';
import { runToEnd, startGatewayProcess } from './process.js';

const journal = (JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] }).entries;
const latest = journal.at(-1)!.tag;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(prefix = 'credgate-migrate-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** `npm run migrate`'s command without npm's own start-up (the first test goes through npm itself). */
const runMigrate = (dataDir: string) => runToEnd(process.execPath, ['--import', 'tsx', 'src/migrate.ts'], { CREDGATE_DATA_DIR: dataDir });

/** What the database holds: drizzle's record of migrations and the tables, read without the gateway. */
function snapshot(dataDir: string) {
  const sqlite = new Database(join(dataDir, 'credgate.db'), { readonly: true, fileMustExist: true });
  try {
    const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map((t) => t.name);
    const recorded = tables.includes('__drizzle_migrations')
      ? (sqlite.prepare('select hash, created_at from __drizzle_migrations order by created_at').all() as { hash: string; created_at: number }[])
      : [];
    return { tables, recorded };
  } finally {
    sqlite.close();
  }
}

/** A database migrated by an older build: only the first `count` shipped migrations applied. */
function migratedUpTo(count: number): string {
  const dataDir = tempDir();
  const folder = tempDir('credgate-old-migrations-');
  cpSync(migrationsFolder, folder, { recursive: true });
  const meta = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8'));
  meta.entries = meta.entries.slice(0, count);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(meta));
  const sqlite = new Database(join(dataDir, 'credgate.db'));
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  sqlite.close();
  return dataDir;
}

/** A database migrated by a newer build: one more migration recorded than this build ships. */
function migratedByNewerBuild(): string {
  const dataDir = migratedUpTo(journal.length);
  const sqlite = new Database(join(dataDir, 'credgate.db'));
  sqlite.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('f'.repeat(64), journal.at(-1)!.when + 1000);
  sqlite.exec('create table from_the_future (id text primary key)');
  sqlite.close();
  return dataDir;
}

// Each npm run / process start costs a few seconds, more under load.
describe('migrations as their own command', { timeout: 120_000 }, () => {
  it('npm run migrate creates and migrates a database, and a second run applies nothing', async () => {
    const dataDir = tempDir();
    const first = await runToEnd(npm, ['run', '-s', 'migrate'], { CREDGATE_DATA_DIR: dataDir });
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`migrated to ${latest}`);
    const after = snapshot(dataDir);
    expect(after.recorded.map((r) => Number(r.created_at))).toEqual(journal.map((e) => e.when));

    const second = await runMigrate(dataDir);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('up to date');
    expect(snapshot(dataDir)).toEqual(after);
  });

  it('applies only the migrations an older database lacks, and names them', async () => {
    const dataDir = migratedUpTo(2);
    const result = await runMigrate(dataDir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`applied ${journal.slice(2).map((e) => e.tag).join(', ')}`);
    expect(snapshot(dataDir).recorded.map((r) => Number(r.created_at))).toEqual(journal.map((e) => e.when));
  });

  it('a gateway started without migrating refuses a database that needs migrations, and changes nothing', async () => {
    const dataDir = migratedUpTo(2);
    const before = snapshot(dataDir);
    const attempt = startGateway({ config: { dataDir, migrate: false } });
    await expect(attempt).rejects.toThrow(SchemaVersionError);
    await expect(attempt).rejects.toThrow(`schema is older than this credgate: ${journal.length - 2} migration(s) pending (${journal.slice(2).map((e) => e.tag).join(', ')})`);
    await expect(attempt).rejects.toThrow('npm run migrate');
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('after npm run migrate, a gateway started without migrating serves', async () => {
    const dataDir = tempDir();
    expect((await runMigrate(dataDir)).code).toBe(0);
    const gateway = await startGateway({ config: { dataDir, migrate: false } });
    try {
      const { clusters } = await gateway.data('{ clusters { name } }');
      expect(clusters.map((c: { name: string }) => c.name)).toContain('local');
    } finally {
      await gateway.stop();
    }
  });

  it('refuses a schema newer than it knows, migrating or not, and neither the gateway nor the command touches it', async () => {
    const dataDir = migratedByNewerBuild();
    const before = snapshot(dataDir);
    for (const migrate of [true, false]) {
      const attempt = startGateway({ config: { dataDir, migrate } });
      await expect(attempt).rejects.toThrow(SchemaVersionError);
      await expect(attempt).rejects.toThrow(`the database's schema is newer than this credgate knows`);
      await expect(attempt).rejects.toThrow(`its newest is ${latest}`);
    }
    const command = await runMigrate(dataDir);
    expect(command.code).toBe(1);
    expect(command.output).toContain(`credgate migrate failed: the database's schema is newer than this credgate knows`);
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('`--no-migrate` on the command line stops the real process with the message and exit code 1', async () => {
    const dataDir = tempDir();
    const gateway = await startGatewayProcess(process.execPath, ['--import', 'tsx', 'src/main.ts', '--no-migrate'], {
      CREDGATE_DATA_DIR: dataDir,
      CREDGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    });
    expect(gateway.url, gateway.output()).toBeUndefined();
    expect(gateway.code).toBe(1);
    expect(gateway.output()).toContain(`credgate cannot start: the database's schema is older than this credgate: ${journal.length} migration(s) pending`);
    expect(snapshot(dataDir).tables).toEqual([]);
  });

  it('CREDGATE_MIGRATE takes true or false (default true) and refuses anything else', () => {
    expect(configFromEnv({}).migrate).toBe(true);
    expect(configFromEnv({ CREDGATE_MIGRATE: 'true' }).migrate).toBe(true);
    expect(configFromEnv({ CREDGATE_MIGRATE: 'false' }).migrate).toBe(false);
    expect(() => configFromEnv({ CREDGATE_MIGRATE: 'no' })).toThrow(ConfigError);
    expect(() => configFromEnv({ CREDGATE_MIGRATE: 'no' })).toThrow('CREDGATE_MIGRATE must be true or false, got "no"');
  });
});
