// In a container the gateway is always process 1 on the same host name: a lock left by a killed
// pod names our own pid and must be taken over, while a lock this process holds stays held.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src/db/lock.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('takes over a lock that names its own pid but was not taken by this process', () => {
  dir = mkdtempSync(join(tmpdir(), 'credgate-lock-pid-'));
  const stale = { pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' };
  writeFileSync(join(dir, 'credgate.lock'), JSON.stringify(stale));
  const release = acquireDataDirLock(dir);
  expect(JSON.parse(readFileSync(join(dir, 'credgate.lock'), 'utf8')).startedAt).not.toBe(stale.startedAt);
  release();
});

it('refuses a second lock of the same directory within this process', () => {
  dir = mkdtempSync(join(tmpdir(), 'credgate-lock-pid-'));
  const release = acquireDataDirLock(dir);
  expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  release();
  acquireDataDirLock(dir)();
});
