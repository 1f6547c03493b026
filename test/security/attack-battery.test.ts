import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, TEST_ADMIN_TOKEN } from '../support/gateway.js';
import { operation } from './limits-clients.js';

/**
 * The attacks of issue 9 against the gateway as `npm start` runs it (its own process, so that
 * its RSS is its alone), while another client keeps asking `{ me { name } }`.
 */

const root = resolve(import.meta.dirname, '..', '..');

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) * 1024;
}

async function send(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: adminHeaders({ 'content-type': 'application/json', accept: 'application/graphql-response+json' }),
    body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Asks `{ me { name } }` one request after another: `quiet` for 60 requests, or from `start` until
 * `stop`; then reports every latency.
 */
const BYSTANDER = `
const { parentPort, workerData } = require('node:worker_threads');
let running = false;
async function ask(latencies, failures) {
  const started = performance.now();
  const response = await fetch(workerData.url + '/graphql', { method: 'POST', headers: workerData.headers, body: '{"query":"{ me { name } }"}' });
  const text = await response.text();
  latencies.push(performance.now() - started);
  if (!text.startsWith('{"data":{"me":{"name":')) failures.push(text.slice(0, 200));
}
parentPort.on('message', async (command) => {
  const latencies = [];
  const failures = [];
  if (command === 'quiet') {
    for (let i = 0; i < 60; i++) await ask(latencies, failures);
    parentPort.postMessage({ latencies, failures });
  } else if (command === 'start') {
    running = true;
    parentPort.postMessage('started');
    while (running) await ask(latencies, failures);
    parentPort.postMessage({ latencies, failures });
  } else {
    running = false;
  }
});
`;

const p95Of = (latencies: number[]) => [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.95)]!;

/** Each attack sends what the issue describes and expects a typed refusal, never a 5xx. */
function attacks(): { name: string; body: string }[] {
  let nested = 'name';
  for (let i = 0; i < 7; i++) nested = `name environments { name variables { credential { ${nested} } } }`;
  let notLiteral = '{ name: { eq: "x" } }';
  for (let i = 0; i < 2000; i++) notLiteral = `{ not: ${notLiteral} }`;
  let notVariable: Record<string, unknown> = { name: { eq: 'x' } };
  for (let i = 0; i < 2000; i++) notVariable = { not: notVariable };
  return [
    { name: '7-level nesting', body: operation(`{ credentials(first: 1000) { edges { node { ${nested} } } } }`) },
    { name: '3,000-level selection', body: operation(`{${' credential(id: "x") { environments {'.repeat(1500)} name ${'} } '.repeat(1500)}}`) },
    { name: '2,000 aliases', body: operation(`{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: credentials(first: 1000, search: "a b") { totalCount edges { node { name } } }`).join(' ')} }`) },
    { name: '500 aliases of targets', body: operation(`{ ${Array.from({ length: 500 }, (_, i) => `a${i}: credentials(first: 1000) { edges { node { status { targets { cluster { name } } } } } }`).join(' ')} }`) },
    { name: 'nodes(ids) × 40,000', body: operation('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 40_000 }, (_, i) => `Q3JlZGVudGlhbDp${i}`) }) },
    { name: '2,000 nested not (literal)', body: operation(`{ credentials(where: ${notLiteral}) { totalCount } }`) },
    { name: '2,000 nested not (variables)', body: operation('query($w: CredentialWhere) { credentials(where: $w) { totalCount } }', { w: notVariable }) },
    { name: '1 MB malformed body', body: `{"query":"{ me { name } }","variables":{"password":"${'s3cret'.repeat(170_000)}` },
  ];
}

describe('the attack battery against `npm start`', { timeout: 300_000 }, () => {
  let child: ChildProcess;
  let url: string;
  let dataDir: string;
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'credgate-battery-'));
    // What `npm start` (tsx src/main.ts) runs, as one node process: its pid is the gateway's, and so is its RSS.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', CREDGATE_DATA_DIR: dataDir, CREDGATE_PORT: '0', CREDGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, CREDGATE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolveUrl, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /credgate is running: (http:\/\/[^\s]+)\/graphql/.exec(output);
        if (match) resolveUrl(match[1]!);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}:\n${output}`)));
    });
    // Some data for the attacks to reach, and a warm process (compiled paths, caches) to measure from.
    for (let i = 0; i < 20; i++) {
      const created = await send(url, operation(`mutation { createPasswordCredential(input: { name: "battery-${i}", scope: { type: ACCOUNT }, username: "u", password: "p-${i}" }) { __typename } }`));
      expect(created.text).toContain('CreatePasswordCredentialSuccess');
    }
    for (let i = 0; i < 50; i++) await send(url, operation('{ me { name } credentials(first: 50) { totalCount edges { node { name status { targets { cluster { name } } } } } } }'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses every attack with a typed error, keeps answering a bystander within 100 ms, and gives its memory back', async () => {
    const gatewayPid = child.pid!;
    const before = rssOf(gatewayPid);

    const attackBodies = attacks();
    let peak = before;
    // The first round warms the refusal paths (lazily compiled code); the bystander is timed over the second.
    for (const attack of attackBodies) await send(url, attack.body);
    // The bystander runs on its own thread: the attacks' client work here never delays its clock.
    const bystander = new Worker(BYSTANDER, { eval: true, workerData: { url, headers: adminHeaders({ 'content-type': 'application/json' }) } });
    type Report = { latencies: number[]; failures: string[] };
    const reply = <T>() => new Promise<T>((done) => bystander.once('message', done));
    // Its latency without attacks, measured now, is what the box's own load costs it.
    const quietReply = reply<Report>();
    bystander.postMessage('quiet');
    const quiet = await quietReply;
    expect(quiet.failures).toEqual([]);
    const started = reply<string>();
    bystander.postMessage('start');
    await started;
    for (const attack of attackBodies) {
      for (let round = 0; round < 3; round++) {
        const answer = await send(url, attack.body);
        peak = Math.max(peak, rssOf(gatewayPid));
        expect(answer.status, `${attack.name}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
        const errors = JSON.parse(answer.text).errors as { extensions?: { code?: string } }[];
        expect(errors.length, attack.name).toBeGreaterThan(0);
        expect(['QUERY_TOO_COMPLEX', 'BAD_USER_INPUT', 'BAD_REQUEST'], attack.name).toContain(errors[0]!.extensions?.code);
        expect(answer.text, attack.name).not.toContain('s3cret');
      }
    }
    const underAttackReply = reply<Report>();
    bystander.postMessage('stop');
    const underAttack = await underAttackReply;
    await bystander.terminate();
    expect(underAttack.failures).toEqual([]);

    // Within 100 ms of what it takes the bystander without attacks (on an idle machine, a few ms).
    const p95 = p95Of(underAttack.latencies);
    const quietP95 = p95Of(quiet.latencies);
    const shown = (latencies: number[]) => [...latencies].sort((a, b) => a - b).map((l) => l.toFixed(0)).join(' ');
    expect(underAttack.latencies.length).toBeGreaterThanOrEqual(10);
    expect(p95, `bystander under attack: ${shown(underAttack.latencies)}; quiet: ${shown(quiet.latencies)}`).toBeLessThan(quietP95 + 100);

    // Nothing was created or changed by the battery.
    const count = JSON.parse((await send(url, operation('{ credentials { totalCount } }'))).text);
    expect(count).toEqual({ data: { credentials: { totalCount: 20 } } });

    await expect.poll(() => rssOf(gatewayPid), { timeout: 30_000, interval: 500 }).toBeLessThan(before * 1.5);
    console.log(`gateway RSS: before ${(before / 2 ** 20).toFixed(0)} MB, peak ${(peak / 2 ** 20).toFixed(0)} MB, after ${(rssOf(gatewayPid) / 2 ** 20).toFixed(0)} MB; bystander p95 ${p95.toFixed(1)} ms over ${underAttack.latencies.length} under attack, ${quietP95.toFixed(1)} ms quiet`);
  });
});
