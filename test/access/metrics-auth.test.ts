import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startGateway, type TestGateway } from '../support/gateway.js';
import { userWithRules } from './support.js';

// /metrics describes the whole installation (clusters, queues, failures): it is for system
// administrators, and a Prometheus scraper authenticates as one (README: "Metrics").

let gateway: TestGateway;
let viewer: string;
let departmentAdmin: string;

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  ({ token: viewer } = await userWithRules(gateway, 'metrics-viewer', [{ role: 'VIEWER', scope: { type: 'ACCOUNT' } }]));
  ({ token: departmentAdmin } = await userWithRules(gateway, 'metrics-credentials-admin', [{ role: 'CREDENTIALS_ADMINISTRATOR', scope: { type: 'ACCOUNT' } }]));
});
afterAll(() => gateway?.stop());

const scrape = (headers: Record<string, string> = {}) => fetch(`${gateway.url}/metrics`, { headers });

describe('GET /metrics', () => {
  it('is 401 without a token or with a bad one, whatever the client accepts', async () => {
    for (const headers of [{}, { accept: 'text/plain' }, { accept: 'text/html' }, { authorization: 'Bearer cgt_not-a-token' }] as Record<string, string>[]) {
      const response = await scrape(headers);
      const body = await response.text();
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(body).not.toMatch(/# (HELP|TYPE)/);
    }
  });

  it('is 403 for callers who are not system administrators, even with a role at the account', async () => {
    for (const token of [viewer, departmentAdmin]) {
      const response = await scrape({ authorization: `Bearer ${token}` });
      const body = await response.text();
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(body)).toEqual({ errors: [{ message: expect.stringMatching(/system administrator/), extensions: { code: 'FORBIDDEN' } }] });
      expect(body).not.toMatch(/# (HELP|TYPE)/);
    }
  });

  it('is served to a system administrator', async () => {
    const response = await scrape(adminHeaders());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/# TYPE \w+/);
  });

  it('a refused scrape is audited with the caller', async () => {
    await scrape({ authorization: `Bearer ${viewer}` });
    const { auditEvents } = await gateway.data(`{ auditEvents(first: 20) { edges { node { actor action outcome } } } }`);
    expect(auditEvents.edges.map((e: any) => e.node)).toContainEqual({ actor: 'metrics-viewer', action: 'metrics.read', outcome: 'FAILURE' });
  });
});
