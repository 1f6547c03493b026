import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, CREDENTIAL_FIELDS, ERROR_FIELDS, demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually, kubectl } from '../support/kube.js';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { subscribeSse, subscribeWs, type Subscription, listening, noSubscribers } from '../support/subscriptions.js';

/**
 * Secret values must never leave the gateway except inside Kubernetes Secrets.
 * Every value here is a canary; none may appear in any response, the log, or the database files.
 */
const canary = (label: string) => `CANARY-${label}-${Math.random().toString(36).slice(2, 10)}`;
const canaries = {
  accessKeyId: canary('akid'),
  secretAccessKey: canary('sak'),
  username: canary('user'),
  password: canary('pass'),
  registryUser: canary('reguser'),
  registryPassword: canary('regpass'),
  registryUrl: `https://${canary('host').toLowerCase()}.example.com`,
  genericValue: canary('generic'),
  rotated: canary('rotated'),
  wrongShape: canary('shape'),
  inlineLiteral: canary('inline'),
};

let gateway: TestGateway;
const responses: string[] = [];
let streams: Subscription<unknown>[] = [];
let csv = '';
let clusterSecrets = '';

/** The same over WebSocket (graphql-transport-ws): its results and errors are kept as responses too. */
async function sendWs(query: string, variables?: Record<string, unknown>) {
  const client = createWsClient({ url: `${gateway.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: adminHeaders().authorization } });
  try {
    for await (const result of client.iterate({ query, variables })) responses.push(JSON.stringify(result));
  } catch (error) {
    responses.push(JSON.stringify(error));
  } finally {
    await client.dispose();
  }
}

async function send(query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: adminHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  responses.push(text);
  return JSON.parse(text);
}

beforeAll(async () => {
  gateway = await startGateway();
  const tree = await demoTree(gateway);
  const scope = { type: 'DEPARTMENT', id: tree.departments.research.id };
  const everything = `credential { ${CREDENTIAL_FIELDS} status { phase message targets { namespace state message } } }`;
  await noSubscribers(gateway);
  streams = [
    subscribeSse(gateway.url, `subscription { credentialStatusChanged { phase message ${everything} } }`),
    subscribeWs(gateway.url, `subscription { credentialChanged { change ${everything} } }`),
  ];
  await listening(gateway, 'credentialStatusChanged', 1);
  await listening(gateway, 'credentialChanged', 1);
  const select = `{ ... on Error { message } ... on ValidationError { fieldErrors { path message } } }`;
  const creates: [string, Record<string, unknown>][] = [
    ['AccessKey', { accessKeyId: canaries.accessKeyId, secretAccessKey: canaries.secretAccessKey }],
    ['Password', { username: canaries.username, password: canaries.password }],
    ['DockerRegistry', { url: canaries.registryUrl, username: canaries.registryUser, password: canaries.registryPassword }],
    ['GenericSecret', { entries: [{ key: 'token', value: canaries.genericValue }] }],
  ];
  const ids: string[] = [];
  for (const [kind, values] of creates) {
    const result = await send(
      `mutation($input: Create${kind}CredentialInput!) { r: create${kind}Credential(input: $input) {
        ... on Create${kind}CredentialSuccess { credential { ${CREDENTIAL_FIELDS} } } ${ERROR_FIELDS} } }`,
      { input: { name: `leak ${kind}`, scope, ...values } },
    );
    ids.push(result.data.r.credential.id);
    // The same values again: a NameTakenError must not echo them either.
    await send(`mutation($input: Create${kind}CredentialInput!) { r: create${kind}Credential(input: $input) ${select} }`, {
      input: { name: `leak ${kind}`, scope, ...values },
    });
  }
  await send(`mutation($input: RotateCredentialInput!) { r: rotateCredential(input: $input) ${select} }`, {
    input: { id: ids[1], username: canaries.username, password: canaries.rotated },
  });
  // Values in the wrong shape: graphql-js would repeat them in its coercion and validation errors.
  await send(`mutation($input: CreatePasswordCredentialInput!) { r: createPasswordCredential(input: $input) ${select} }`, {
    input: { name: 'wrong shape', scope, username: 'u', password: [canaries.wrongShape] },
  });
  await send(`mutation($input: CreateGenericSecretCredentialInput!) { r: createGenericSecretCredential(input: $input) ${select} }`, {
    input: { name: 'wrong shape', scope, entries: canaries.wrongShape },
  });
  await send(`mutation { r: createPasswordCredential(input: { name: "inline", scope: { type: ACCOUNT }, username: "u", password: ["${canaries.inlineLiteral}"] }) ${select} }`);
  await send(`mutation { r: createPasswordCredential(input: { name: "inline", scope: { type: ACCOUNT }, username: "u", password: ${canaries.inlineLiteral} }) ${select} }`);
  await send(`mutation { r: createPasswordCredential(input: { name: "inline" "${canaries.inlineLiteral}" }) }`);
  // The same wrong shapes over WebSocket, which does not pass through yoga's HTTP result processing.
  await sendWs(`mutation($input: CreatePasswordCredentialInput!) { r: createPasswordCredential(input: $input) ${select} }`, {
    input: { name: 'ws wrong shape', scope, username: 'u', password: canaries.wrongShape, bogus: 1 },
  });
  await sendWs(`mutation($input: CreatePasswordCredentialInput!) { r: createPasswordCredential(input: $input) ${select} }`, {
    input: { name: 'ws wrong shape', scope, username: 'u', password: [canaries.wrongShape] },
  });
  await sendWs(`mutation { r: createPasswordCredential(input: { name: "ws inline", scope: { type: ACCOUNT }, username: "u", password: ${canaries.inlineLiteral.replace(/-/g, '_')} }) ${select} }`);
  await sendWs(`mutation { r: createPasswordCredential(input: { name: "ws" "${canaries.inlineLiteral}" }) }`);
  await eventually(async () => {
    const { credentials } = await gateway.data(`{ credentials(first: 50) { edges { node { status { phase } } } } }`);
    return credentials.edges.length === 4 && credentials.edges.every((e: any) => e.node.status.phase === 'READY');
  }, 15_000, 'every canary credential READY');
  await send(`{ credentials(first: 50) { edges { node { ${CREDENTIAL_FIELDS} status { phase message targets { namespace state message } } statusHistory { phase message } } } }
    auditEvents(first: 100) { edges { node { action targetName detail outcome } } } }`);
  const response = await fetch(`${gateway.url}/export/credentials.csv`, { headers: adminHeaders() });
  expect(response.status).toBe(200);
  csv = await response.text();
  clusterSecrets = await kubectl(gateway, 'get', 'secrets', '-A', '-l', 'app.kubernetes.io/managed-by=credgate', '-o', 'json');
  await Promise.all(streams.map((s) => s.close()));
});
afterAll(() => gateway?.stop());

describe('secret values never leak', () => {
  it('appear in no GraphQL response, error or audit entry', () => {
    expect(responses.length).toBeGreaterThan(10);
    const all = responses.join('\n');
    expect(all).toContain('leak Password');
    expect(all).toMatch(/got an invalid value|cannot represent/);
    // Two from HTTP, two from WebSocket: the wrong shapes did reach the error paths.
    expect(responses.filter((r) => r.includes('got an invalid value')).length).toBeGreaterThanOrEqual(4);
    for (const value of Object.values(canaries)) expect(all).not.toContain(value);
    expect(all).not.toContain('CANARY');
  });

  it('do reach the Kubernetes Secrets, which is the one place they belong', () => {
    const data = JSON.parse(clusterSecrets).items.flatMap((secret: any) => Object.values(secret.data as Record<string, string>)).map((v: string) => Buffer.from(v, 'base64').toString());
    expect(data).toContain(canaries.rotated);
    expect(data).toContain(canaries.genericValue);
    expect(data.some((v: string) => v.includes(canaries.registryPassword))).toBe(true);
  });

  it('appear in no subscription event, over SSE or WebSocket', () => {
    expect(streams[0].events.length).toBeGreaterThan(4);
    expect(streams[1].events.length).toBeGreaterThan(4);
    expect(JSON.stringify(streams.map((s) => s.events))).not.toContain('CANARY');
  });

  it('appear nowhere in the CSV export', () => {
    expect(csv).toContain('leak Password');
    expect(csv).not.toContain('CANARY');
  });

  it('appear nowhere in the log', () => {
    const logs = gateway.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('CANARY');
  });

  it('appear nowhere in the bytes of the SQLite database and its WAL file', () => {
    const files = readdirSync(gateway.dataDir).filter((f) => f.startsWith('credgate.db'));
    expect(files).toContain('credgate.db-wal');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(gateway.dataDir, f))));
    expect(bytes.length).toBeGreaterThan(4096);
    expect(bytes.includes(Buffer.from('leak Password'))).toBe(true);
    for (const value of Object.values(canaries)) {
      expect(bytes.includes(Buffer.from(value))).toBe(false);
      expect(bytes.includes(Buffer.from(value, 'utf16le'))).toBe(false);
    }
    expect(existsSync(join(gateway.dataDir, 'master.key'))).toBe(true);
  });
});
