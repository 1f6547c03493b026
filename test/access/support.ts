import type { TestGateway } from '../support/gateway.js';

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs a GraphQL operation with a bearer token (or none). */
export async function gqlAs<T = any>(url: string, token: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401 || response.status === 429) return { errors: [{ message: `HTTP ${response.status}`, extensions: { code: String(response.status) } }] };
  return (await response.json()) as GqlResult<T>;
}

export async function dataAs<T = any>(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await gqlAs<T>(url, token, query, variables);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

export interface RuleSpec {
  role: string;
  scope: { type: string; id?: string };
}

/** Creates a LOCAL user with rules and a token (as the bootstrap administrator); returns the token text. */
export async function userWithRules(
  gateway: TestGateway,
  name: string,
  rules: RuleSpec[],
  token: { expiresAt?: string } = {},
): Promise<{ userId: string; token: string; tokenId: string }> {
  const created = await gateway.data(`mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on CreateUserSuccess { user { id } } ... on Error { message } } }`, { input: { name } });
  if (created.createUser.__typename !== 'CreateUserSuccess') throw new Error(JSON.stringify(created));
  const userId = created.createUser.user.id as string;
  for (const rule of rules) {
    const result = await gateway.data(
      `mutation($input: CreateAccessRuleInput!) { createAccessRule(input: $input) { __typename ... on Error { message } } }`,
      { input: { userId, role: rule.role, scope: rule.scope } },
    );
    if (result.createAccessRule.__typename !== 'CreateAccessRuleSuccess') throw new Error(JSON.stringify(result));
  }
  const issued = await gateway.data(
    `mutation($input: CreateAccessTokenInput!) { createAccessToken(input: $input) { __typename ... on CreateAccessTokenSuccess { token accessToken { id } } ... on Error { message } } }`,
    { input: { userId, name: `${name} token`, ...token } },
  );
  if (issued.createAccessToken.__typename !== 'CreateAccessTokenSuccess') throw new Error(JSON.stringify(issued));
  return { userId, token: issued.createAccessToken.token, tokenId: issued.createAccessToken.accessToken.id };
}
