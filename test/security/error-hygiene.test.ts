import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startGateway, type TestGateway } from '../support/gateway.js';
import { operation, overHttp, overSse, overWebSocket, type Outcome } from './limits-clients.js';

/** A value that must never come back, nor reach the log; a GraphQL name, so it can stand where names go. */
const CANARY = `canaryS3cret${Math.random().toString(36).slice(2, 10)}`;

/** Log lines a request added, found by counting before and after it. */
async function logLinesOf(gateway: TestGateway, request: () => Promise<unknown>): Promise<string[]> {
  const before = gateway.logs().split('\n').length - 1;
  await request();
  // The line is written when the answer is; the request has returned, so it is there.
  return gateway.logs().split('\n').slice(before).filter((line) => line.length > 0);
}
const graphqlLines = (lines: string[]) => lines.filter((line) => line.includes('"msg":"graphql request'));

/** Operations whose errors would quote the canary if anything of the request came back. */
const CANARY_OPERATIONS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'syntax error on a string', query: `{ me { name } "${CANARY}" }` },
  { name: 'syntax error on a name', query: `{ me { name } } ${CANARY}` },
  { name: 'unknown field', query: `{ ${CANARY} }` },
  { name: 'unknown argument', query: `{ credentials(${CANARY}: 1) { totalCount } }` },
  { name: 'unknown enum value', query: `{ credentials(where: { type: [${CANARY}] }) { totalCount } }` },
  { name: 'unknown input field', query: `{ credentials(where: { ${CANARY}: { eq: "x" } }) { totalCount } }` },
  { name: 'unknown type', query: `query($x: ${CANARY}) { me { name } }` },
  { name: 'unknown fragment', query: `{ me { ...${CANARY} } }` },
  { name: 'literal of the wrong type', query: `{ credentials(first: "${CANARY}") { totalCount } }` },
  { name: 'variable of the wrong type', query: 'query($n: Int) { credentials(first: $n) { totalCount } }', variables: { n: CANARY } },
  { name: 'variable of the wrong input shape', query: 'query($w: CredentialWhere) { credentials(where: $w) { totalCount } }', variables: { w: { name: { eq: 1 }, [CANARY]: true } } },
  { name: 'unknown variable', query: `{ credentials(first: $${CANARY}) { totalCount } }` },
];

describe.each([
  ['production', false],
  ['development', true],
])('error hygiene in %s mode', { timeout: 120_000 }, (_mode, development) => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startGateway({ config: { development, graphiql: false } });
    const created = await gateway.data(`mutation {
      createDockerRegistryCredential(input: { name: "registry", scope: { type: ACCOUNT }, url: "https://registry.example", username: "u", password: "p" }) {
        ... on CreateDockerRegistryCredentialSuccess { credential { id } }
      }
    }`);
    for (let i = 0; i < 3; i++) {
      await gateway.data(`mutation($id: ID!) { createEnvironment(input: { name: "env-${i}", scope: { type: ACCOUNT }, image: "app:1", imagePullCredentialId: $id }) { __typename } }`,
        { id: created.createDockerRegistryCredential.credential.id });
    }
  });
  afterAll(() => gateway?.stop());

  it('does not echo a 1 MB malformed JSON body holding a password, and logs one line without it', async () => {
    const body = `{"query":"mutation { rotateCredential(input: { password: \\"${CANARY}${'x'.repeat(1_000_000)}`;
    const lines = await logLinesOf(gateway, async () => {
      const { status, text, json } = await overHttp(gateway.url, body);
      expect(status).toBe(400);
      expect(json.errors).toEqual([{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }]);
      expect(text).not.toContain(CANARY);
      expect(text.length).toBeLessThan(500);
    });
    expect(graphqlLines(lines)).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(CANARY);
  });

  it('does not echo variables that are not JSON, nor body parameters it does not know', async () => {
    const answers = [
      await overHttp(gateway.url, `{"query":"{ me { name } }","variables":"${CANARY}"}`),
      await overHttp(gateway.url, JSON.stringify({ query: '{ me { name } }', [CANARY]: 1 })),
      await overHttp(gateway.url, `{"query":"{ me { name } }","variables":{"a":"${CANARY}"`),
    ];
    const get = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ me { name } }')}&variables=${encodeURIComponent(`{${CANARY}`)}`, { headers: adminHeaders() });
    const getText = await get.text();
    for (const answer of answers) {
      expect(answer.status, answer.text).toBe(400);
      expect(answer.json.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(answer.text).not.toContain(CANARY);
    }
    expect(get.status).toBe(400);
    expect(getText).not.toContain(CANARY);
    expect(gateway.logs()).not.toContain(CANARY);
  });

  it.each(CANARY_OPERATIONS)('does not quote the request in the errors of a $name, over HTTP, SSE and WebSocket', async ({ query, variables }) => {
    const http = await overHttp(gateway.url, operation(query, variables));
    expect(http.json.errors.length).toBeGreaterThan(0);
    expect(http.text).not.toContain(CANARY);
    expect(http.text).not.toContain('originalError');
    for (const client of [overSse, overWebSocket]) {
      const outcome: Outcome = await client(gateway.url, query, variables);
      expect(outcome.errors.length + outcome.results.flatMap((r) => r.errors ?? []).length, client.name).toBeGreaterThan(0);
      expect(outcome.text, client.name).not.toContain(CANARY);
      expect(outcome.text, client.name).not.toContain('originalError');
    }
    expect(gateway.logs()).not.toContain(CANARY);
  });

  it('keeps what helps: schema names and positions stay in the message', async () => {
    const { json } = await overHttp(gateway.url, operation(`{ ${CANARY} }`));
    expect(json.errors[0]).toMatchObject({ message: 'Cannot query field "…" on type "Query".', locations: [{ line: 1, column: 3 }] });
    const wrongType = await overHttp(gateway.url, operation('query($n: Int) { credentials(first: $n) { totalCount } }', { n: CANARY }));
    // a variable's name is the request's text too
    expect(wrongType.json.errors[0].message).toBe('Variable "…" got an invalid value; check it against the input type in the schema.');
    const unknownArgument = await overHttp(gateway.url, operation(`{ credentials(${CANARY}: 1) { totalCount } }`));
    expect(unknownArgument.json.errors[0].message).toBe('Unknown argument "…" on field "Query.credentials".');
  });

  it('masks an internal error as "Unexpected error." with a requestId that its one log line carries', async () => {
    const sqlite = gateway.app.db.$client;
    // Each environment's imagePullCredential (nullable) fails on its own: several errors in one answer.
    sqlite.exec('ALTER TABLE credentials RENAME TO credentials_away');
    let answer: Awaited<ReturnType<typeof overHttp>>;
    let lines: string[];
    try {
      lines = await logLinesOf(gateway, async () => {
        answer = await overHttp(gateway.url, operation('{ environments(first: 10) { edges { node { name imagePullCredential { name } } } } }'));
      });
    } finally {
      sqlite.exec('ALTER TABLE credentials_away RENAME TO credentials');
    }
    const errors = answer!.json.errors as { message: string; extensions: { code: string; requestId: string } }[];
    expect(errors).toHaveLength(3);
    expect(answer!.json.data.environments.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['env-0', 'env-1', 'env-2']);
    const requestId = errors[0].extensions.requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    for (const error of errors) expect(error).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
    expect(answer!.text).not.toMatch(/credentials_away|no such table|SQL|stack|originalError/i);

    const logged = graphqlLines(lines!);
    expect(logged).toHaveLength(1);
    const line = JSON.parse(logged[0]);
    expect(line).toMatchObject({ level: 50, requestId, errors: errors.length, codes: { INTERNAL_SERVER_ERROR: errors.length } });
    expect(line.unexpected[0].name).toBe('SqliteError');
    expect(logged[0]).not.toContain('environments(first');
  });
});
