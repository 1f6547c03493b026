import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { subscribeSse, type Subscription } from '../support/subscriptions.js';
import { dataAs, userWithRules } from './support.js';

// Who may hear that a credential was deleted is decided by the scope it had. That must hold for a
// subscriber who resumes with `after` once the gateway has restarted, when nothing of the
// deletion is left in memory: the department's viewer gets the DELETED event, a sibling's does not.

const dataDir = mkdtempSync(join(tmpdir(), 'credgate-deleted-restart-'));
let gateway: TestGateway | undefined;
const open: Subscription<any>[] = [];

afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await gateway?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const CHANGES = `subscription($after: String) { credentialChanged(after: $after) { change credentialId cursor credential { description } } }`;

function subscribe(url: string, token: string, after?: string): Subscription<any> {
  const stream = subscribeSse(url, CHANGES, after ? { after } : {}, 'credentialChanged', token);
  open.push(stream);
  return stream;
}

async function touch(gw: TestGateway, id: string, description: string): Promise<void> {
  await gw.data(`mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) { __typename } }`, { input: { id, description } });
}

test('a DELETED event written before a restart reaches, on resume, the department viewer and not the sibling department viewer', async () => {
  gateway = await startGateway({ demo: true, config: { dataDir } });
  const { departments } = await demoTree(gateway);
  const insider = await userWithRules(gateway, 'research-viewer', [{ role: 'VIEWER', scope: { type: 'DEPARTMENT', id: departments.research.id } }]);
  const outsider = await userWithRules(gateway, 'engineering-viewer', [{ role: 'VIEWER', scope: { type: 'DEPARTMENT', id: departments.engineering.id } }]);
  const create = async (name: string, scope: Record<string, string>) => {
    const result = await gateway!.data(
      `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
      { input: { name, scope, username: 'u', password: 'canary-deleted-restart' } },
    );
    return result.createPasswordCredential.credential.id as string;
  };
  const doomed = await create('doomed', { type: 'DEPARTMENT', id: departments.research.id });
  const sentinel = await create('sentinel', { type: 'ACCOUNT' });

  // Both viewers follow the table; an account credential (both see it) gives each a cursor.
  const streams = [subscribe(gateway.url, insider.token), subscribe(gateway.url, outsider.token)];
  const cursors: string[] = [];
  for (const [i, stream] of streams.entries()) {
    let heard;
    for (let nudge = 0; !heard; nudge++) {
      await touch(gateway, sentinel, `before ${i}.${nudge}`);
      heard = await stream.waitFor((e) => e.credentialId === sentinel && e.credential?.description === `before ${i}.${nudge}`, 1_000).catch(() => undefined);
    }
    cursors.push(heard.cursor);
  }
  await Promise.all(streams.map((s) => s.close()));

  // While they are away: the department's credential is deleted (its Secrets removed first), and the gateway restarts.
  const deleted = await gateway.data(
    `mutation($input: DeleteCredentialInput!) { deleteCredential(input: $input) { __typename ... on DeleteCredentialSuccess { credential { status { phase } } } } }`,
    { input: { id: doomed } },
  );
  // DELETING: the reconciler writes the DELETED event once the department's Secrets are gone.
  expect(deleted.deleteCredential).toEqual({ __typename: 'DeleteCredentialSuccess', credential: { status: { phase: 'DELETING' } } });
  await expect.poll(async () => (await gateway!.data(`query($id: ID!) { credential(id: $id) { id } }`, { id: doomed })).credential, { timeout: 20_000 }).toBeNull();
  await gateway.stop();
  gateway = await startGateway({ demo: true, config: { dataDir } });
  // The insider still sees nothing of the deleted credential in the table.
  expect((await dataAs(gateway.url, insider.token, `{ credentials(first: 10) { edges { node { name } } } }`)).credentials.edges.map((e: any) => e.node.name)).toEqual(['sentinel']);

  const resumed = [subscribe(gateway.url, insider.token, cursors[0]), subscribe(gateway.url, outsider.token, cursors[1])];
  // A live change after the replay: once a stream has it, everything replayed came before it.
  const after = await Promise.all(resumed.map(async (stream, i) => {
    for (let nudge = 0; ; nudge++) {
      await touch(gateway!, sentinel, `after ${i}.${nudge}`);
      const heard = await stream.waitFor((e) => e.credentialId === sentinel && e.credential?.description === `after ${i}.${nudge}`, 1_000).catch(() => undefined);
      if (heard) return stream.events;
    }
  }));
  const deletions = (events: any[]) => events.filter((e) => e.credentialId === doomed && e.change === 'DELETED');
  expect(deletions(after[0])).toHaveLength(1);
  expect(deletions(after[0])[0].credential).toBeNull();
  expect(after[1].filter((e) => e.credentialId === doomed)).toEqual([]);
}, 120_000);
