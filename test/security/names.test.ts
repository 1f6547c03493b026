import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoTree, ERROR_FIELDS, NAME_TAKEN_FIELDS, startGateway, type TestGateway } from '../support/gateway.js';

// Names that deceive: a NUL, a right-to-left override, names made only of invisible characters,
// "bulk\u200b000" beside "bulk000", the same accented name composed and decomposed. Each kind of
// named object goes through the same rule (src/domain/names.ts); every refusal is a typed
// ValidationError on the name field and changes nothing.

let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  tree = await demoTree(gateway);
});
afterAll(() => gateway?.stop());

interface Outcome {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
  name?: string;
  [field: string]: unknown;
}

interface NamedKind {
  label: string;
  /** Runs the mutation with this name (and description when the kind has one). */
  create: (name: string, description?: string | null) => Promise<Outcome>;
  /** The name the object was stored with, from a success. */
  storedName: (outcome: Outcome) => string;
  /** How many such objects exist: a refusal must leave it as it was. */
  count: () => Promise<number>;
  successType: string;
  hasDescription: boolean;
}

const mutate = async (mutation: string, inputType: string, field: string, input: Record<string, unknown>): Promise<Outcome> => {
  const { result } = await gateway.data(
    `mutation($input: ${inputType}!) { result: ${mutation}(input: $input) {
      ${ERROR_FIELDS} ${NAME_TAKEN_FIELDS}
      ... on ${mutation[0].toUpperCase()}${mutation.slice(1)}Success { ${field} { id name } }
    } }`,
    { input },
  );
  return result;
};

const account = () => ({ type: 'ACCOUNT' as const });
let serial = 0;

const kinds: NamedKind[] = [
  {
    label: 'credential',
    successType: 'CreatePasswordCredentialSuccess',
    hasDescription: true,
    create: (name, description) =>
      mutate('createPasswordCredential', 'CreatePasswordCredentialInput', 'credential', {
        name, description, scope: { type: 'PROJECT', id: tree.projects.vision.id }, username: 'u', password: 'p',
      }),
    storedName: (o) => (o.credential as { name: string }).name,
    count: async () => (await gateway.data(`{ credentials { totalCount } }`)).credentials.totalCount,
  },
  {
    label: 'environment',
    successType: 'CreateEnvironmentSuccess',
    hasDescription: true,
    create: (name, description) => mutate('createEnvironment', 'CreateEnvironmentInput', 'environment', { name, description, scope: account(), image: 'busybox' }),
    storedName: (o) => (o.environment as { name: string }).name,
    count: async () => (await gateway.data(`{ environments { totalCount } }`)).environments.totalCount,
  },
  {
    label: 'data source',
    successType: 'CreateS3DataSourceSuccess',
    hasDescription: true,
    create: (name, description) => mutate('createS3DataSource', 'CreateS3DataSourceInput', 'dataSource', { name, description, scope: account(), bucket: `bucket-${serial++}` }),
    storedName: (o) => (o.dataSource as { name: string }).name,
    count: async () => (await gateway.data(`{ dataSources { totalCount } }`)).dataSources.totalCount,
  },
  {
    label: 'department',
    successType: 'CreateDepartmentSuccess',
    hasDescription: false,
    create: (name) => mutate('createDepartment', 'CreateDepartmentInput', 'department', { name, clusterId: tree.cluster.id }),
    storedName: (o) => (o.department as { name: string }).name,
    count: async () => (await gateway.data(`{ departments { id } }`)).departments.length,
  },
];

const deceivingNames: [string, string, string][] = [
  ['a NUL', 'bad\0name', 'must not contain control characters or line breaks'],
  ['a line break', "x\n=2+5*cmd|' /C calc'!A0", 'must not contain control characters or line breaks'],
  ['a C1 control', 'bad\u0085name', 'must not contain control characters or line breaks'],
  ['a DEL', 'bad\u007fname', 'must not contain control characters or line breaks'],
  ['a right-to-left override', 'invoice\u202Efdp.exe', 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)'],
  ['a right-to-left isolate', 'x\u2067y', 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)'],
  ['an Arabic letter mark', 'x\u061Cy', 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)'],
  ['zero-width spaces only', '\u200b\u200b\u200b', 'must contain a visible character'],
  ['invisible characters and spaces only', ' \u200d\u2060\u00ad\ufeff\u3164 ', 'must contain a visible character'],
  ['a Braille blank', '\u2800', 'must contain a visible character'],
  ['a lone surrogate', 'x\ud800', 'must be valid Unicode text (it holds a lone surrogate)'],
];

describe.each(kinds)('$label names', (kind) => {
  test.each(deceivingNames)('a name with %s is refused with a ValidationError on the name, and nothing is created', async (_what, name, message) => {
    const before = await kind.count();
    const outcome = await kind.create(name);
    expect(outcome.__typename).toBe('ValidationError');
    expect(outcome.fieldErrors).toEqual([{ path: ['name'], message }]);
    expect(await kind.count()).toBe(before);
  });

  test('names are trimmed, NFC-normalised and lose invisible characters; look-alikes are the same name', async () => {
    const tag = kind.label.replace(' ', '-');
    const created = await kind.create(`  bulk\u200b000 ${tag} \u2060`);
    expect(created.__typename).toBe(kind.successType);
    expect(kind.storedName(created)).toBe(`bulk000 ${tag}`);
    const before = await kind.count();
    for (const lookAlike of [`bulk000 ${tag}`, `bulk\u200b000 ${tag}`, `bulk\u2060000 ${tag}`, `bulk\u200d000 ${tag}`, `bul\u00adk000 ${tag}`, `\ufeffbulk000 ${tag}`, ` bulk000 ${tag}  `]) {
      const outcome = await kind.create(lookAlike);
      expect(outcome, JSON.stringify(lookAlike)).toMatchObject({ __typename: 'NameTakenError', name: `bulk000 ${tag}` });
    }

    const decomposed = await kind.create(`cafe\u0301 ${tag}`);
    expect(decomposed.__typename).toBe(kind.successType);
    expect(kind.storedName(decomposed)).toBe(`caf\u00e9 ${tag}`);
    expect(await kind.create(`caf\u00e9 ${tag}`)).toMatchObject({ __typename: 'NameTakenError', name: `caf\u00e9 ${tag}` });
    expect(await kind.count()).toBe(before + 1);
  });

  test('joiners that scripts and emoji need are kept', async () => {
    // Persian needs ZWNJ ("می‌خواهم" is not "میخواهم" on screen), an emoji ZWJ sequence is one picture.
    for (const name of [`\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 ${kind.label}`, `\u{1F469}\u200d\u{1F4BB} ${kind.label}`]) {
      const outcome = await kind.create(name);
      expect(outcome.__typename).toBe(kind.successType);
      expect(kind.storedName(outcome)).toBe(name);
    }
  });
});

describe.each(kinds.filter((kind) => kind.hasDescription))('$label descriptions', (kind) => {
  test('descriptions refuse NUL, control and bidi characters but keep tabs and line breaks', async () => {
    const before = await kind.count();
    for (const [description, message] of [
      ['nul\0here', 'must not contain control characters other than tab and line breaks'],
      ['bell\u0007', 'must not contain control characters other than tab and line breaks'],
      ['c1\u009b', 'must not contain control characters other than tab and line breaks'],
      ['flip\u202Eme', 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)'],
    ]) {
      const outcome = await kind.create(`described ${serial++}`, description);
      expect(outcome.__typename, JSON.stringify(description)).toBe('ValidationError');
      expect(outcome.fieldErrors).toEqual([{ path: ['description'], message }]);
    }
    expect(await kind.count()).toBe(before);
    const fine = await kind.create(`described ${serial++}`, 'line one\r\nline two\n\tindented');
    expect(fine.__typename).toBe(kind.successType);
  });
});

describe('renames follow the same rule', () => {
  test('a credential cannot be renamed to a deceiving name or a look-alike of another', async () => {
    const create = (name: string) => kinds[0].create(name);
    const first = await create('rename target');
    const second = await create('rename other');
    const id = (second.credential as { id: string }).id;
    const rename = (name: string) => mutate('updateCredential', 'UpdateCredentialInput', 'credential', { id, name });
    expect(await rename('evil\u202Etxt.exe')).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['name'] }] });
    expect(await rename('\u200b')).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['name'], message: 'must contain a visible character' }] });
    expect(await rename('rename\u200b target')).toMatchObject({ __typename: 'NameTakenError', name: 'rename target' });
    const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { name } }`, { id });
    expect(credential.name).toBe('rename other');
    expect(first.__typename).toBe('CreatePasswordCredentialSuccess');
  });

  test('departments, clusters and projects refuse deceiving names on rename too, and keep their names', async () => {
    const research = tree.departments.research;
    const department = await mutate('updateDepartment', 'UpdateDepartmentInput', 'department', { id: research.id, name: 'research\u202Ex' });
    expect(department).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['name'] }] });
    const taken = await mutate('updateDepartment', 'UpdateDepartmentInput', 'department', { id: research.id, name: 'engi\u200bneering' });
    expect(taken).toMatchObject({ __typename: 'NameTakenError', name: 'engineering' });
    const cluster = await mutate('updateCluster', 'UpdateClusterInput', 'cluster', { id: tree.cluster.id, name: '\u200b\u200c' });
    expect(cluster).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['name'], message: 'must contain a visible character' }] });
    const project = await mutate('createProject', 'CreateProjectInput', 'project', { departmentId: research.id, name: 'proj\0ect' });
    expect(project).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['name'], message: 'must not contain control characters or line breaks' }] });
    const after = await demoTree(gateway);
    expect(after.cluster.name).toBe(tree.cluster.name);
    expect(after.departments.research?.id).toBe(research.id);
    expect(after.departments.engineering?.id).toBe(tree.departments.engineering.id);
    expect(Object.keys(after.projects).sort()).toEqual(Object.keys(tree.projects).sort());
  });
});
