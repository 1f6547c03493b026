import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { subscribeSse } from '../support/subscriptions.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway?.stop());

// 40 lists of 1,000 values would bind more parameters than SQLite allows.
const tooManyValues = { or: Array.from({ length: 40 }, (_, i) => ({ name: { in: Array.from({ length: 1000 }, (_, j) => `n${i}-${j}`) } })) };

it('refuses a filter with more listed values than a query can bind, as a typed error, in queries and subscriptions', async () => {
  const { errors } = await gateway.gql(`query($where: CredentialWhere) { credentials(where: $where) { totalCount } }`, { where: tooManyValues });
  expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(JSON.stringify(errors)).toContain('listed values in all');

  const subscription = subscribeSse(gateway.url, `subscription($where: CredentialWhere) { credentialStatusChanged(where: $where) { phase } }`, { where: tooManyValues });
  await expect(subscription.waitFor(() => true, 5_000)).rejects.toThrow(/listed values in all/);
  await subscription.close();
  // The gateway goes on: a mutation still succeeds.
  const { r } = await gateway.data(`mutation { r: createPasswordCredential(input: { name: "after the refusal", scope: { type: ACCOUNT }, username: "u", password: "p" }) { __typename } }`);
  expect(r.__typename).toBe('CreatePasswordCredentialSuccess');
});
