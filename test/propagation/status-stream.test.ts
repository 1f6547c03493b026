import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { subscribeSse, subscribeWs, listening, noSubscribers } from '../support/subscriptions.js';
import { eventually } from '../support/kube.js';

let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
});
afterAll(() => gateway?.stop());

const STATUS_SUBSCRIPTION = `subscription($where: CredentialWhere) {
  credentialStatusChanged(where: $where) { sequence previousPhase phase displayText reason message at credential { id name status { phase } } }
}`;

async function createPassword(name: string, scope: Record<string, unknown>) {
  const { r } = await gateway.data(
    `mutation($input: CreatePasswordCredentialInput!) { r: createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
    { input: { name, scope, username: 'u', password: 'p' } },
  );
  return r.credential.id as string;
}

describe('live status over both subscription protocols', () => {
  for (const [protocol, subscribe] of [['SSE (graphql-sse)', subscribeSse], ['WebSocket (graphql-ws)', subscribeWs]] as const) {
    it(`streams CREATING → READY for a new credential over ${protocol}, in order, without duplicates`, async () => {
      const name = `stream ${protocol}`;
      await noSubscribers(gateway);
      const subscription = subscribe(gateway.url, STATUS_SUBSCRIPTION, { where: { name: { eq: name } } });
      const other = subscribe(gateway.url, STATUS_SUBSCRIPTION, { where: { name: { eq: 'something else' } } });
      await listening(gateway, 'credentialStatusChanged', 2);
      const id = await createPassword(name, { type: 'DEPARTMENT', id: tree.departments.research.id });
      const ready = await subscription.waitFor((e) => e.phase === 'READY');
      expect(ready.credential).toMatchObject({ id, name, status: { phase: 'READY' } });
      const mine = subscription.events.filter((e) => e.credential.id === id);
      expect(mine.map((e) => [e.previousPhase, e.phase])).toEqual([
        [null, 'CREATING'],
        ['CREATING', 'READY'],
      ]);
      expect(mine.map((e) => e.sequence)).toEqual([1, 2]);
      expect(mine[0].displayText).toBe('Creating…');
      expect(mine[1].displayText).toBe('No issues found');
      expect(other.events).toEqual([]);
      await subscription.close();
      await other.close();
    });
  }

  it('streams created, renamed and deleted events for a live table', async () => {
    await noSubscribers(gateway);
    const changes = subscribeSse(gateway.url, `subscription { credentialChanged { change credentialId credential { name } } }`);
    await listening(gateway, 'credentialChanged', 1);
    const id = await createPassword('table row', { type: 'PROJECT', id: tree.projects.platform.id });
    await gateway.data(`mutation($id: ID!) { updateCredential(input: { id: $id, name: "table row renamed" }) { __typename } }`, { id });
    await changes.waitFor((e) => e.change === 'UPDATED');
    await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id });
    await changes.waitFor((e) => e.change === 'DELETED' && e.credentialId === id);
    const mine = changes.events.filter((e) => e.credentialId === id);
    expect(mine[0]).toEqual({ change: 'CREATED', credentialId: id, credential: { name: 'table row' } });
    expect(mine[1]).toEqual({ change: 'UPDATED', credentialId: id, credential: { name: 'table row renamed' } });
    expect(mine[mine.length - 1]).toEqual({ change: 'DELETED', credentialId: id, credential: null });
    await changes.close();
  });

  it('keeps every transition in statusHistory, newest first', async () => {
    const id = await createPassword('history', { type: 'DEPARTMENT', id: tree.departments.engineering.id });
    await noSubscribers(gateway);
    const subscription = subscribeSse(gateway.url, STATUS_SUBSCRIPTION, { where: { name: { eq: 'history' } } });
    await listening(gateway, 'credentialStatusChanged', 1);
    const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id });
    if (credential.status.phase !== 'READY') await subscription.waitFor((e) => e.phase === 'READY');
    await subscription.close();
    const { credential: after } = await gateway.data(`query($id: ID!) { credential(id: $id) { statusHistory(first: 10) { sequence previousPhase phase } } }`, { id });
    expect(after.statusHistory).toEqual([
      { sequence: 2, previousPhase: 'CREATING', phase: 'READY' },
      { sequence: 1, previousPhase: null, phase: 'CREATING' },
    ]);
  });
});

describe('filters on the state an event describes', () => {
  it('a subscriber to CREATING sees a credential become CREATING, even once it is READY by the time the event is read', async () => {
    await noSubscribers(gateway);
    const creating = subscribeSse(gateway.url, `subscription { credentialStatusChanged(where: { phase: [CREATING], name: { startsWith: "phase filter" } }) { phase credential { name status { phase } } } }`);
    await listening(gateway, 'credentialStatusChanged', 1);
    await createPassword('phase filter', { type: 'PROJECT', id: tree.projects.vision.id });
    const event = await creating.waitFor((e) => e.credential.name === 'phase filter');
    expect(event.phase).toBe('CREATING');
    expect(creating.events.every((e) => e.phase === 'CREATING')).toBe(true);
    await creating.close();
  });
});

describe('resuming a status stream', () => {
  it('replays every transition written while the subscriber was away, in order and none twice', async () => {
    await noSubscribers(gateway);
    const query = `subscription($where: CredentialWhere, $after: String) {
      credentialStatusChanged(where: $where, after: $after) { cursor sequence previousPhase phase credential { id } } }`;
    const where = { name: { startsWith: 'resume ' } };
    const first = subscribeSse(gateway.url, query, { where });
    await listening(gateway, 'credentialStatusChanged', 1);
    const a = await createPassword('resume a', { type: 'PROJECT', id: tree.projects.vision.id });
    const seen = await first.waitFor((e) => e.credential.id === a && e.phase === 'READY');
    await first.close();

    // While nobody listens: a second credential is created and the first is rotated.
    await noSubscribers(gateway);
    const b = await createPassword('resume b', { type: 'PROJECT', id: tree.projects.vision.id });
    await gateway.data(`mutation($input: RotateCredentialInput!) { rotateCredential(input: $input) { __typename } }`, { input: { id: a, username: 'u', password: 'new' } });
    const settled = async (id: string) => {
      for (;;) {
        const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id });
        if (credential.status.phase === 'READY') return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await settled(a);
    await settled(b);

    const resumed = subscribeSse(gateway.url, query, { where, after: seen.cursor });
    await resumed.waitFor((e) => e.credential.id === a && e.sequence === 4);
    await listening(gateway, 'credentialStatusChanged', 1);
    const c = await createPassword('resume c', { type: 'PROJECT', id: tree.projects.vision.id });
    await resumed.waitFor((e) => e.credential.id === c && e.phase === 'READY');
    await resumed.close();
    const got = resumed.events.map((e) => [e.credential.id, e.sequence, e.phase]);
    expect(got.filter(([id]) => id === b)).toEqual([[b, 1, 'CREATING'], [b, 2, 'READY']]);
    expect(got.filter(([id]) => id === a)).toEqual([[a, 3, 'UPDATING'], [a, 4, 'READY']]);
    expect(got.filter(([id]) => id === c)).toEqual([[c, 1, 'CREATING'], [c, 2, 'READY']]);
    expect(new Set(resumed.events.map((e) => e.cursor)).size).toBe(resumed.events.length);
  });

  it('replays the created, renamed and deleted credentials a live table missed', async () => {
    await noSubscribers(gateway);
    const query = `subscription($after: String) { credentialChanged(where: { name: { startsWith: "table " } }, after: $after) { cursor change credentialId credential { name } } }`;
    const first = subscribeSse(gateway.url, query);
    await listening(gateway, 'credentialChanged', 1);
    const kept = await createPassword('table kept', { type: 'PROJECT', id: tree.projects.platform.id });
    const seen = await first.waitFor((e) => e.credentialId === kept && e.change === 'CREATED');
    await first.close();

    await noSubscribers(gateway);
    await gateway.data(`mutation($id: ID!) { updateCredential(input: { id: $id, name: "table kept renamed" }) { __typename } }`, { id: kept });
    const gone = await createPassword('table gone', { type: 'PROJECT', id: tree.projects.platform.id });
    await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id: gone });
    for (;;) {
      const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { id } }`, { id: gone });
      if (!credential) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const resumed = subscribeSse(gateway.url, query, { after: seen.cursor });
    await resumed.waitFor((e) => e.credentialId === gone && e.change === 'DELETED');
    await resumed.close();
    // A replay judges `where` against what exists now: of a credential removed meanwhile only
    // its DELETED remains, which is all a table needs (it never showed that row).
    expect(resumed.events.map((e) => [e.credentialId, e.change])).toEqual([
      [kept, 'UPDATED'],
      [gone, 'DELETED'],
    ]);
    expect(resumed.events[0].credential).toEqual({ name: 'table kept renamed' });
  });

  it('judges a phase filter by the phase each replayed event describes, not the phase the credential has now', async () => {
    await noSubscribers(gateway);
    const query = `subscription($where: CredentialWhere, $after: String) {
      credentialStatusChanged(where: $where, after: $after) { cursor sequence phase credential { id } } }`;
    const vision = { type: 'PROJECT', id: tree.projects.vision.id };
    const first = subscribeSse(gateway.url, query, { where: { name: { eq: 'phase marker' } } });
    await listening(gateway, 'credentialStatusChanged', 1);
    await createPassword('phase marker', vision);
    const mark = await first.waitFor((e) => e.phase === 'READY');
    await first.close();

    // Writes fail until the fault is cleared: a credential goes ISSUES_FOUND, then READY.
    const faults = gateway.app.emulator!.faults;
    const failThenRecover = async (name: string) => {
      faults.failNext({ verb: 'create', resource: 'secrets', count: 1000, status: 500, message: 'etcd is having a bad day' });
      try {
        const id = await createPassword(name, vision);
        await eventually(async () => (await phaseOf(id)) === 'ISSUES_FOUND', 15_000, `${name} ISSUES_FOUND`);
        return id;
      } finally {
        faults.reset();
      }
    };
    const phaseOf = async (id: string) => (await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id })).credential.status.phase;
    await noSubscribers(gateway);
    const away = await failThenRecover('phase away');
    await eventually(async () => (await phaseOf(away)) === 'READY', 15_000, 'phase away READY');

    const resumed = subscribeSse(gateway.url, query, { where: { name: { startsWith: 'phase ' }, phase: ['ISSUES_FOUND'] }, after: mark.cursor });
    await listening(gateway, 'credentialStatusChanged', 1);
    // A live failure after the replay shows the replay is complete.
    const live = await failThenRecover('phase live');
    await resumed.waitFor((e) => e.credential.id === live);
    await resumed.close();
    expect(resumed.events.map((e) => [e.credential.id, e.phase])).toEqual([
      [away, 'ISSUES_FOUND'],
      [live, 'ISSUES_FOUND'],
    ]);
  });

  it('refuses a cursor it did not make, with a typed error', async () => {
    const { errors } = await gateway.gql(`subscription { credentialStatusChanged(after: "bm9wZQ") { phase } }`);
    expect(errors?.[0]).toMatchObject({ message: expect.stringContaining('after'), extensions: { code: 'BAD_USER_INPUT' } });
  });
});
