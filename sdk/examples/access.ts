import { createClient } from '@credgate/sdk';
import { credgate } from './connect.js';

// As a system administrator: a user for a service, a role at a project, and a token for it.
const project = process.env.PROJECT_ID ?? '';
const { user } = await credgate.createUser({ name: 'billing-service' }).orThrow();
await credgate.createAccessRule({ userId: user.id, role: 'VIEWER', scope: { type: 'PROJECT', id: project } }).orThrow();
const { token } = await credgate.createAccessToken({ userId: user.id, name: 'billing', expiresAt: '2027-01-01T00:00:00Z' }).orThrow();

// The service's own client sees what its rules allow, and may ask what it may do where.
const billing = createClient({ url: credgate.baseUrl, token });
const me = await billing.me();
console.log(me.name, me.rules.map((rule) => `${rule.role} at ${rule.scope.name}`));
const allowed = await billing.permissions({ type: 'PROJECT', id: project });
if (!allowed.createCredentials) console.log('read-only here');

// Everyone lists and revokes their own tokens; a revoked token's next call throws CredgateAuthenticationError.
for (const own of await billing.accessTokens()) console.log(own.name, own.hint, own.lastUsedAt);
await billing.revokeAccessToken((await billing.accessTokens())[0]!.id).orThrow();
