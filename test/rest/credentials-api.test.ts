import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import { adminHeaders, demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { userWithRules } from '../access/support.js';

/**
 * Run:ai's credentials REST API (issue 13), driven with plain fetch as a Run:ai script would,
 * every answer checked against the gateway's own OpenAPI document.
 */
let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;
let openapi: any;
// CommonJS modules: their default export is the module object, the class is its `default`.
const Ajv2020 = ajv2020.default;
const addFormats = ajvFormats.default;
let ajv: InstanceType<typeof Ajv2020>;

/** The UUID behind a GraphQL id: what a REST client uses. */
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];
const CANARY = 'CANARY-secret-value-7f3a';

const base = '/api/v1/asset/credentials';
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; text: string; response: Response }> {
  const response = await fetch(new URL(path, gateway.url), {
    method,
    headers: adminHeaders({ ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }),
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the test says so
  }
  return { status: response.status, body: parsed, text, response };
}

/** Asserts a body matches a component schema of the served OpenAPI document. */
function expectSchema(name: string, body: unknown): void {
  const validate = ajv.getSchema(`https://credgate.test/openapi.json#/components/schemas/${name}`)!;
  expect(validate, `component ${name}`).toBeTypeOf('function');
  const valid = validate(body);
  expect(valid, JSON.stringify(validate.errors)).toBe(true);
}

const values = {
  'access-key': { accessKeyId: `AKIA-${CANARY}`, secretAccessKey: CANARY },
  password: { user: `user-${CANARY}`, password: CANARY },
  'docker-registry': { url: 'https://registry.example.com', user: `user-${CANARY}`, password: CANARY },
  'generic-secret': { keyValuePairs: [{ key: 'token', value: CANARY }, { key: 'ssh', value: `${CANARY}-ssh` }] },
} as const;
const kinds = { 'access-key': 'accessKey', password: 'password', 'docker-registry': 'dockerRegistry', 'generic-secret': 'genericSecret' } as const;
const schemaNames = { 'access-key': 'AccessKey', password: 'Password', 'docker-registry': 'DockerRegistry', 'generic-secret': 'GenericSecret' } as const;
type Segment = keyof typeof values;
const segments = Object.keys(values) as Segment[];

const project = () => ({ scope: 'project', projectId: uuidOf(tree.projects.vision.id) });

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
  const response = await fetch(new URL('/api/v1/openapi.json', gateway.url));
  expect(response.status).toBe(200);
  openapi = await response.json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://credgate.test/openapi.json', components: openapi.components });
});
afterAll(() => gateway?.stop());

describe('the OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document with every path and method of the API', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openapi));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(Object.keys(openapi.paths).sort()).toEqual([
      base, ...segments.flatMap((s) => [`${base}/${s}`, `${base}/${s}/{AssetId}`]),
    ].sort());
    for (const segment of segments) {
      expect(Object.keys(openapi.paths[`${base}/${segment}`])).toEqual(['get', 'post']);
      expect(Object.keys(openapi.paths[`${base}/${segment}/{AssetId}`])).toEqual(['parameters', 'get', 'put', 'delete']);
      expect(Object.keys(openapi.paths[`${base}/${segment}`].post.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '403', '409', '413', '415']));
      expect(Object.keys(openapi.paths[`${base}/${segment}/{AssetId}`].delete.responses)).toEqual(expect.arrayContaining(['202', '404', '412']));
    }
  });

  test('is served without a token (it holds no data) and only to GET', async () => {
    expect((await fetch(new URL('/api/v1/openapi.json', gateway.url))).status).toBe(200);
    expect((await fetch(new URL('/api/v1/openapi.json', gateway.url), { method: 'POST' })).status).toBe(405);
  });
});

describe.each(segments)('%s credentials', (segment) => {
  let id: string;

  test('create answers 202 with the asset (meta, spec without values, status, clusterInfo)', async () => {
    const { status, body, text } = await call('POST', `${base}/${segment}`, {
      meta: { name: `${segment} one`, description: 'made over REST', ...project(), autoDelete: false },
      spec: values[segment],
    });
    expect(status, text).toBe(202);
    expectSchema(schemaNames[segment], body);
    expect(text).not.toContain(CANARY);
    expect(body.meta).toMatchObject({
      name: `${segment} one`, description: 'made over REST', kind: kinds[segment], scope: 'project',
      projectId: uuidOf(tree.projects.vision.id), projectName: 'vision', departmentId: uuidOf(tree.departments.research.id),
      clusterId: uuidOf(tree.cluster.id), createdBy: expect.any(String),
    });
    // Never changed yet: "Last updated" is the creation.
    expect(body.meta.updatedAt).toBe(body.meta.createdAt);
    expect(body.meta.updatedBy).toBe(body.meta.createdBy);
    expect(body.status.status).toBe('Creating');
    expect(body.clusterInfo.resources[0].name).toMatch(new RegExp(`^${segment}-one-`));
    expect(body.spec.existingSecretName).toBeNull();
    if (segment === 'generic-secret') expect(body.spec.keyValuePairs).toEqual([{ key: 'token' }, { key: 'ssh' }]);
    id = body.meta.id;
  });

  test('get answers 200, with status and usage when asked; the propagation reaches No issues found', async () => {
    const plain = await call('GET', `${base}/${segment}/${id}`);
    expect(plain.status).toBe(200);
    expectSchema(schemaNames[segment], plain.body);
    expect(plain.body.status).toBeUndefined();
    expect(plain.body.usedBy).toBeUndefined();
    await expect.poll(async () => (await call('GET', `${base}/${segment}/${id}?statusInfo=true`)).body.status?.status, { timeout: 20_000 }).toBe('No issues found');
    const full = await call('GET', `${base}/${segment}/${id}?statusInfo=true&usageInfo=true`);
    expectSchema(schemaNames[segment], full.body);
    expect(full.body.usedBy).toEqual({ assets: { environments: [], datasources: [] } });
    expect(full.body.status).toEqual({ status: 'No issues found', issues: [] });
    expect(full.text).not.toContain(CANARY);
  });

  test('the list of the kind has it; the list of another kind does not', async () => {
    const list = await call('GET', `${base}/${segment}`);
    expect(list.status).toBe(200);
    expectSchema(`${schemaNames[segment]}ListResponse`, list.body);
    expect(list.body.entries.map((e: Json) => e.meta.id)).toContain(id);
    const other = segments.find((s) => s !== segment)!;
    expect((await call('GET', `${base}/${other}`)).body.entries.map((e: Json) => e.meta.id)).not.toContain(id);
  });

  test('update answers 202 and changes the description; Last updated moves', async () => {
    const { status, body } = await call('PUT', `${base}/${segment}/${id}`, { meta: { description: 'changed' } });
    expect(status).toBe(202);
    expectSchema(schemaNames[segment], body);
    expect(body.meta.description).toBe('changed');
    expect(Date.parse(body.meta.updatedAt)).toBeGreaterThanOrEqual(Date.parse(body.meta.createdAt));
    expect(body.meta.name).toBe(`${segment} one`);
    const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { description updatedAt } }`, { id: Buffer.from(`Credential:${id}`).toString('base64') });
    expect(credential.description).toBe('changed');
    expect(credential.updatedAt).toBe(body.meta.updatedAt);
  });

  test('a wrong kind in the path is 404, for get, update and delete', async () => {
    const other = segments.find((s) => s !== segment)!;
    for (const [method, body] of [['GET', undefined], ['PUT', { meta: { description: 'x' } }], ['DELETE', undefined]] as const) {
      const answer = await call(method, `${base}/${other}/${id}`, body);
      expect(answer.status, method).toBe(404);
      expectSchema('Error', answer.body);
    }
  });

  test('delete answers 202 and the credential goes', async () => {
    const { status, body } = await call('DELETE', `${base}/${segment}/${id}`);
    expect(status).toBe(202);
    expectSchema('HttpResponse', body);
    expect(body).toEqual({ code: 202, message: 'Request has been accepted.' });
    await expect.poll(async () => (await call('GET', `${base}/${segment}/${id}`)).status, { timeout: 20_000 }).toBe(404);
  });
});

describe('the list of every kind', () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {};
    const make = async (name: string, meta: Json) => {
      const { status, body, text } = await call('POST', `${base}/password`, { meta: { name, ...meta }, spec: { user: 'u', password: CANARY } });
      expect(status, text).toBe(202);
      ids[name] = body.meta.id;
    };
    await make('list tenant', { scope: 'tenant' });
    await make('list cluster', { scope: 'cluster', clusterId: uuidOf(tree.cluster.id) });
    await make('list research', { scope: 'department', departmentId: uuidOf(tree.departments.research.id) });
    await make('list engineering', { scope: 'department', departmentId: tree.departments.engineering.id }); // a GraphQL id works too
    await make('list vision', project());
    await make('list language', { scope: 'project', projectId: uuidOf(tree.projects.language.id) });
  });

  const names = (body: Json) => body.entries.map((e: Json) => e.meta.name).filter((n: string) => n.startsWith('list '));

  test('each spec under its kind, valid against the document', async () => {
    const { status, body } = await call('GET', `${base}?statusInfo=true&usageInfo=true`);
    expect(status).toBe(200);
    expectSchema('CredentialsListResponse', body);
    const entry = body.entries.find((e: Json) => e.meta.id === ids['list vision']);
    expect(entry.spec).toEqual({ password: { existingSecretName: null } });
  });

  test('projectId: the credentials a project can use (its own and those above it); with scope=project only its own', async () => {
    const vision = uuidOf(tree.projects.vision.id);
    expect(names((await call('GET', `${base}?projectId=${vision}`)).body).sort()).toEqual(['list cluster', 'list research', 'list tenant', 'list vision']);
    expect(names((await call('GET', `${base}?projectId=${vision}&scope=project`)).body)).toEqual(['list vision']);
    expect(names((await call('GET', `${base}?projectId=${vision}&scope=department`)).body)).toEqual(['list research']);
  });

  test('departmentId, clusterId, scope and name filters', async () => {
    const research = uuidOf(tree.departments.research.id);
    expect(names((await call('GET', `${base}?departmentId=${research}`)).body).sort()).toEqual(['list cluster', 'list research', 'list tenant']);
    expect(names((await call('GET', `${base}?clusterId=${uuidOf(tree.cluster.id)}`)).body).sort()).toEqual(['list cluster', 'list tenant']);
    expect(names((await call('GET', `${base}?scope=department`)).body).sort()).toEqual(['list engineering', 'list research']);
    expect(names((await call('GET', `${base}?scope=tenant`)).body)).toEqual(['list tenant']);
    expect(names((await call('GET', `${base}?scope=system`)).body)).toEqual([]);
    expect(names((await call('GET', `${base}/password?name=LIST%20VISION`)).body)).toEqual(['list vision']);
  });

  test('pages with limit and next until every entry came once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const { status, body } = await call('GET', `${base}?scope=department&limit=1${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      expect(status).toBe(200);
      seen.push(...names(body));
      after = body.next;
      if (!after) break;
    }
    expect(seen).toEqual(['list engineering', 'list research']);
  });

  test('bad query parameters are 400 with the parameter named', async () => {
    for (const [query, path] of [
      ['scope=galaxy', ['scope']],
      ['projectId=not-a-project', ['projectId']],
      [`departmentId=${uuidOf(tree.projects.vision.id)}`, ['departmentId']],
      ['usageInfo=maybe', ['usageInfo']],
      ['limit=0', ['limit']],
      ['limit=5000', ['limit']],
      ['after=garbage!', ['after']],
      [`name=${'x'.repeat(1001)}`, ['name']],
    ] as const) {
      const { status, body } = await call('GET', `${base}?${query}`);
      expect(status, query).toBe(400);
      expectSchema('Error', body);
      expect(body.fieldErrors[0].path, query).toEqual(path);
    }
  });
});

describe('status codes', () => {
  test('409 when a credential of the scope has the name (ignoring case), and nothing is created', async () => {
    const first = await call('POST', `${base}/access-key`, { meta: { name: 'Taken', scope: 'tenant' }, spec: values['access-key'] });
    expect(first.status).toBe(202);
    const second = await call('POST', `${base}/password`, { meta: { name: 'taken', scope: 'tenant' }, spec: values.password });
    expect(second.status).toBe(409);
    expectSchema('Error', second.body);
    expect(second.body.code).toBe(409);
    expect((await call('GET', `${base}?name=taken`)).body.entries).toHaveLength(1);
    const rename = await call('POST', `${base}/password`, { meta: { name: 'other', scope: 'tenant' }, spec: values.password });
    const clash = await call('PUT', `${base}/password/${rename.body.meta.id}`, { meta: { name: 'TAKEN' } });
    expect(clash.status).toBe(409);
  });

  test('412 when an environment or data source uses it, naming them; deleted once they are gone', async () => {
    const { body } = await call('POST', `${base}/generic-secret`, { meta: { name: 'in use', ...project() }, spec: { keyValuePairs: [{ key: 'token', value: CANARY }] } });
    const globalId = Buffer.from(`Credential:${body.meta.id}`).toString('base64');
    const { result } = await gateway.data(
      `mutation($input: CreateEnvironmentInput!) { result: createEnvironment(input: $input) { ... on CreateEnvironmentSuccess { environment { id } } } }`,
      { input: { name: 'trainer', scope: { type: 'PROJECT', id: tree.projects.vision.id }, image: 'busybox', variables: [{ name: 'TOKEN', credentialId: globalId, key: 'token' }] } },
    );
    const refused = await call('DELETE', `${base}/generic-secret/${body.meta.id}`);
    expect(refused.status).toBe(412);
    expectSchema('Error', refused.body);
    expect(refused.body.usedBy).toEqual({ assets: { environments: [{ id: uuidOf(result.environment.id), name: 'trainer' }], datasources: [] } });
    const usage = await call('GET', `${base}/generic-secret/${body.meta.id}?usageInfo=true`);
    expect(usage.body.usedBy.assets.environments).toEqual([{ id: uuidOf(result.environment.id), name: 'trainer' }]);
    await gateway.data(`mutation($id: ID!) { deleteEnvironment(input: { id: $id }) { __typename } }`, { id: result.environment.id });
    expect((await call('DELETE', `${base}/generic-secret/${body.meta.id}`)).status).toBe(202);
  });

  test('404 for an unknown id and an unknown path; 400 for an id that is not one', async () => {
    const unknown = await call('GET', `${base}/password/7d1c2a3b-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expectSchema('Error', unknown.body);
    expect((await call('DELETE', `${base}/password/7d1c2a3b-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await call('GET', `${base}/ngc-api-key`)).status).toBe(404);
    expect((await call('GET', '/api/v1/asset/datasources')).status).toBe(404);
    const malformed = await call('GET', `${base}/password/not-an-id`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.fieldErrors).toEqual([{ path: ['AssetId'], message: expect.any(String) }]);
  });

  test('400 with every invalid field, at its path in the request, and nothing created', async () => {
    const count = async () => (await call('GET', base)).body.entries.length;
    const before = await count();
    const cases: [unknown, string[][]][] = [
      [{ meta: { scope: 'tenant' }, spec: {} }, [['meta', 'name']]],
      [{ meta: { name: 'x', scope: 'project' }, spec: values.password }, [['meta', 'projectId']]],
      [{ meta: { name: 'x', scope: 'system' }, spec: values.password }, [['meta', 'scope']]],
      [{ meta: { name: 'x', scope: 'planet' }, spec: values.password }, [['meta', 'scope']]],
      [{ meta: { name: 'x', scope: 'project', projectId: uuidOf(tree.projects.vision.id), clusterId: '7d1c2a3b-0000-4000-8000-000000000000' }, spec: values.password }, [['meta', 'clusterId']]],
      [{ meta: { name: ' ', scope: 'tenant' }, spec: { user: '', password: 42 } }, [['spec', 'password']]],
      [{ meta: { name: ' ', scope: 'tenant' }, spec: { user: '' } }, [['meta', 'name'], ['spec', 'user'], ['spec', 'password']]],
      [{ meta: { name: 'x', scope: 'tenant' }, spec: { user: 'u', password: 'p', existingSecretName: 'nope' } }, [['spec', 'existingSecretName']]],
    ];
    for (const [body, paths] of cases) {
      const answer = await call('POST', `${base}/password`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expectSchema('Error', answer.body);
      expect(answer.body.fieldErrors.map((e: Json) => e.path), JSON.stringify(body)).toEqual(paths);
    }
    const generic = await call('POST', `${base}/generic-secret`, { meta: { name: 'bad keys', scope: 'tenant' }, spec: { keyValuePairs: [{ key: 'ok', value: 'v' }, { key: 'a b', value: 'w' }] } });
    expect(generic.body.fieldErrors.map((e: Json) => e.path)).toEqual([['spec', 'keyValuePairs', '1', 'key']]);
    const twice = await call('POST', `${base}/generic-secret`, { meta: { name: 'same keys', scope: 'tenant' }, spec: { keyValuePairs: [{ key: 'k', value: 'v' }, { key: 'k', value: 'w' }] } });
    expect(twice.body.fieldErrors.map((e: Json) => e.path)).toEqual([['spec', 'keyValuePairs', '1', 'key']]);
    const registry = await call('POST', `${base}/docker-registry`, { meta: { name: 'bad url', scope: 'tenant' }, spec: { url: `not a url ${CANARY}`, user: 'u', password: 'p' } });
    expect(registry.body.fieldErrors.map((e: Json) => e.path)).toEqual([['spec', 'url']]);
    expect(registry.text).not.toContain(CANARY);
    const missing = await call('PUT', `${base}/password/7d1c2a3b-0000-4000-8000-000000000000`, { meta: {} });
    expect(missing.status).toBe(404);
    expect(await count()).toBe(before);
  });

  test('an update may not carry values (they are rotated in GraphQL), but the spec a GET returned is ignored', async () => {
    const created = await call('POST', `${base}/generic-secret`, { meta: { name: 'kept', scope: 'tenant' }, spec: { keyValuePairs: [{ key: 'k', value: CANARY }] } });
    const withValues = await call('PUT', `${base}/generic-secret/${created.body.meta.id}`, { meta: { description: 'd' }, spec: { keyValuePairs: [{ key: 'k', value: 'new' }] } });
    expect(withValues.status).toBe(400);
    expect(withValues.body.fieldErrors[0].path).toEqual(['spec', 'keyValuePairs']);
    const roundTrip = await call('PUT', `${base}/generic-secret/${created.body.meta.id}`, { meta: { ...created.body.meta, description: 'd' }, spec: created.body.spec });
    expect(roundTrip.status).toBe(202);
    expect(roundTrip.body.meta.description).toBe('d');
  });

  test('bodies that are not JSON: 415 unless declared JSON, 400 when it does not parse, without repeating them', async () => {
    const before = (await call('GET', base)).body.entries.length;
    const text = await call('POST', `${base}/password`, JSON.stringify({ meta: { name: 'form', scope: 'tenant' }, spec: values.password }), { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expectSchema('Error', text.body);
    const form = await call('POST', `${base}/password`, 'meta=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const put = await call('PUT', `${base}/password/7d1c2a3b-0000-4000-8000-000000000000`, '{}', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(put.status).toBe(415);
    const broken = await call('POST', `${base}/password`, `{"meta": {"name": "${CANARY}"`);
    expect(broken.status).toBe(400);
    expect(broken.text).not.toContain(CANARY);
    expect((await call('GET', base)).body.entries.length).toBe(before);
  });

  test('a deeply nested or oddly typed body is a 400, and the gateway goes on answering', async () => {
    const deep = `{"meta":${'['.repeat(200_000)}${']'.repeat(200_000)},"spec":{}}`;
    const nested = await call('POST', `${base}/password`, deep);
    expect(nested.status).toBe(400);
    expect(nested.body.fieldErrors.map((e: Json) => e.path)).toEqual([['meta']]);
    for (const body of ['null', '[]', '"text"', '{"meta":{"name":{"$gt":""},"scope":"tenant"},"spec":{"user":["u"],"password":{}}}']) {
      const answer = await call('POST', `${base}/password`, body);
      expect(answer.status, body).toBe(400);
      expectSchema('Error', answer.body);
    }
    expect((await call('GET', base)).status).toBe(200);
  });

  test('413 for a body over the limit, refused before it is read', async () => {
    const huge = JSON.stringify({ meta: { name: 'big', scope: 'tenant' }, spec: { keyValuePairs: [{ key: 'k', value: 'x'.repeat(2 * 1024 * 1024) }] } });
    const answer = await call('POST', `${base}/generic-secret`, huge);
    expect(answer.status).toBe(413);
    expect(answer.text.length).toBeLessThan(1000);
  });

  test('405 for other methods, with Allow', async () => {
    const answer = await call('PATCH', `${base}/password`);
    expect(answer.status).toBe(405);
    expect(answer.response.headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await call('POST', base, {})).status).toBe(405);
  });

  test('401 without a token or with a wrong one, as JSON', async () => {
    for (const headers of [{}, { authorization: 'Bearer cgt_wrong' }] as Record<string, string>[]) {
      const response = await fetch(new URL(`${base}/password`, gateway.url), { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expectSchema('AuthenticationError', await response.json());
    }
    const post = await fetch(new URL(`${base}/password`, gateway.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meta: { name: 'anon', scope: 'tenant' }, spec: values.password }) });
    expect(post.status).toBe(401);
  });

  test('a page of another origin cannot create anything, even with a simple (form-like) POST', async () => {
    const before = (await call('GET', base)).body.entries.length;
    for (const contentType of ['text/plain', 'application/json']) {
      const response = await fetch(new URL(`${base}/password`, gateway.url), {
        method: 'POST',
        headers: adminHeaders({ origin: 'https://evil.example', 'content-type': contentType }),
        body: JSON.stringify({ meta: { name: 'forged', scope: 'tenant' }, spec: values.password }),
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    expect((await call('GET', base)).body.entries.length).toBe(before);
  });
});

describe('access control and visibility, as in GraphQL', () => {
  test('403 for a viewer who tries to change, 404 for what they cannot see; lists hold only what they see', async () => {
    const { body: hidden } = await call('POST', `${base}/password`, { meta: { name: 'language only', scope: 'project', projectId: uuidOf(tree.projects.language.id) }, spec: values.password });
    const { body: visible } = await call('POST', `${base}/password`, { meta: { name: 'vision only', ...project() }, spec: values.password });
    const viewer = await userWithRules(gateway, 'rest-viewer', [{ role: 'VIEWER', scope: { type: 'PROJECT', id: tree.projects.vision.id } }]);
    const as = (method: string, path: string, body?: unknown) =>
      fetch(new URL(path, gateway.url), {
        method,
        headers: { authorization: `Bearer ${viewer.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const create = await as('POST', `${base}/password`, { meta: { name: 'viewer made', ...project() }, spec: values.password });
    expect(create.status).toBe(403);
    expectSchema('Error', await create.json());
    expect((await as('PUT', `${base}/password/${visible.meta.id}`, { meta: { description: 'x' } })).status).toBe(403);
    expect((await as('DELETE', `${base}/password/${visible.meta.id}`)).status).toBe(403);
    expect((await as('GET', `${base}/password/${visible.meta.id}`)).status).toBe(200);
    expect((await as('GET', `${base}/password/${hidden.meta.id}`)).status).toBe(404);
    expect((await as('DELETE', `${base}/password/${hidden.meta.id}`)).status).toBe(404);
    const list = (await (await as('GET', `${base}/password`)).json()) as Json;
    const names = list.entries.map((e: Json) => e.meta.name);
    expect(names).toContain('vision only');
    expect(names).not.toContain('language only');
    expect((await call('GET', `${base}?name=viewer%20made`)).body.entries).toEqual([]);
  });
});

afterAll(() => {
  // Values sent to the API never reach the log either.
  expect(gateway.logs()).not.toContain(CANARY);
});
