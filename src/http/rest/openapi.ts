import { z } from 'zod';
import {
  AcceptedSchema,
  assetSchemas,
  creationRequestSchemas,
  CredentialsListSchema,
  ErrorSchema,
  GetQuerySchema,
  listSchemas,
  ListQuerySchema,
  pascal,
  restTypes,
  UnauthenticatedSchema,
  UpdateRequestSchema,
  type RestTypeSegment,
} from './credential-schemas.js';

/**
 * The OpenAPI 3.1 document of the REST API, generated from the same zod schemas the handlers
 * parse with (JSON Schema 2020-12, which OpenAPI 3.1 uses as is), so the two cannot drift.
 */

type JsonSchema = Record<string, unknown>;
const COMPONENTS = '#/components/schemas/';

/** One schema in OpenAPI terms: named schemas become references to components. */
function schemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  delete json.$schema;
  delete json.$defs;
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as JsonSchema;
}

function components(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw', uri: (id) => `${COMPONENTS}${id}` }) as { schemas: Record<string, JsonSchema> };
  // Only this API's schemas (the registry is global), without their own $schema and $id.
  const ours = new Set<string>();
  const visit = (name: string) => {
    if (ours.has(name) || !schemas[name]) return;
    ours.add(name);
    for (const match of JSON.stringify(schemas[name]).matchAll(/"#\/components\/schemas\/([A-Za-z0-9]+)"/g)) visit(match[1]);
  };
  for (const schema of [...Object.values(creationRequestSchemas), ...Object.values(assetSchemas), ...Object.values(listSchemas), CredentialsListSchema, ErrorSchema, AcceptedSchema, UnauthenticatedSchema, UpdateRequestSchema]) {
    const id = z.globalRegistry.get(schema)?.id;
    if (id) visit(id);
  }
  return Object.fromEntries([...ours].sort().map((name) => {
    const { $schema: _schema, $id: _id, ...rest } = schemas[name];
    return [name, rest];
  }));
}

const ref = (schema: z.ZodType) => ({ $ref: `${COMPONENTS}${z.globalRegistry.get(schema)!.id}` });
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: ref(schema) } } });
const error = (description: string) => ({ description, ...json(ErrorSchema) });

function queryParameters(schema: z.ZodObject): unknown[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = schemaOf(field as z.ZodType);
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: fieldSchema };
  });
}

const assetIdParameter = {
  name: 'AssetId',
  in: 'path',
  required: true,
  description: 'The credential\'s id (meta.id, a UUID; its GraphQL id is accepted too).',
  schema: { type: 'string' },
};

const common = {
  401: { description: 'No token, or one that is unknown, expired or revoked.', ...json(UnauthenticatedSchema) },
  403: error('The caller\'s roles do not allow this.'),
};

function typePaths(segment: RestTypeSegment): Record<string, unknown> {
  const name = pascal(segment).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const tags = ['Credentials'];
  return {
    [`/api/v1/asset/credentials/${segment}`]: {
      get: {
        tags, operationId: `list_${segment.replaceAll('-', '_')}`, summary: `List ${name} credentials.`,
        parameters: queryParameters(ListQuerySchema),
        responses: { 200: { description: 'The credentials the caller can see.', ...json(listSchemas[segment]) }, 400: error('A query parameter is invalid (fieldErrors).'), ...common },
      },
      post: {
        tags, operationId: `create_${segment.replaceAll('-', '_')}`, summary: `Create a ${name} credential.`,
        description: 'Accepted: the Secrets are then written to every project namespace under the scope (status Creating, then No issues found).',
        requestBody: { required: true, ...json(creationRequestSchemas[segment]) },
        responses: {
          202: { description: 'Created; propagation under way.', ...json(assetSchemas[segment]) },
          400: error('Invalid fields (fieldErrors, with paths in the request).'),
          ...common,
          409: error('A credential of the scope already has this name (ignoring case).'),
          413: error('The body is larger than CREDGATE_MAX_REQUEST_BYTES.'),
          415: error('The body is not declared as application/json.'),
        },
      },
    },
    [`/api/v1/asset/credentials/${segment}/{AssetId}`]: {
      parameters: [assetIdParameter],
      get: {
        tags, operationId: `get_${segment.replaceAll('-', '_')}_by_id`, summary: `Get a ${name} credential.`,
        parameters: queryParameters(GetQuerySchema),
        responses: { 200: { description: 'The credential.', ...json(assetSchemas[segment]) }, 400: error('The id or a query parameter is invalid.'), ...common, 404: error('No credential of this kind with this id that the caller can see.') },
      },
      put: {
        tags, operationId: `update_${segment.replaceAll('-', '_')}`, summary: `Update a ${name} credential's description (or name).`,
        requestBody: { required: true, ...json(UpdateRequestSchema) },
        responses: {
          202: { description: 'Updated.', ...json(assetSchemas[segment]) },
          400: error('Invalid fields.'), ...common,
          404: error('No credential of this kind with this id that the caller can see.'),
          409: error('Another credential of the scope has this name.'),
          413: error('The body is too large.'),
          415: error('The body is not declared as application/json.'),
        },
      },
      delete: {
        tags, operationId: `delete_${segment.replaceAll('-', '_')}`, summary: `Delete a ${name} credential.`,
        description: 'Accepted: the credential is Deleting until its Secrets are gone from every namespace.',
        responses: {
          202: { description: 'Deletion under way.', ...json(AcceptedSchema) },
          400: error('The id is invalid.'), ...common,
          404: error('No credential of this kind with this id that the caller can see.'),
          412: error('Environments or data sources use the credential (usedBy names them).'),
        },
      },
    },
  };
}

let cached: string | undefined;

/** The document, as served at /api/v1/openapi.json. */
export function openApiDocument(): string {
  cached ??= JSON.stringify({
    openapi: '3.1.0',
    info: {
      title: 'credgate: Run:ai-compatible credentials API',
      version: '1.0.0',
      description:
        'The credentials part of NVIDIA Run:ai\'s REST API (/api/v1/asset/credentials), over the same services, access control and visibility as the GraphQL API. Secret values are write-only: no response carries them.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'Credentials', description: 'Credentials wrap Kubernetes Secrets that workloads use.' }],
    paths: {
      '/api/v1/asset/credentials': {
        get: {
          tags: ['Credentials'], operationId: 'list_credentials_assets', summary: 'List credentials of every kind.',
          parameters: queryParameters(ListQuerySchema),
          responses: { 200: { description: 'The credentials the caller can see, each spec under its kind.', ...json(CredentialsListSchema) }, 400: error('A query parameter is invalid.'), ...common },
        },
      },
      ...Object.assign({}, ...(Object.keys(restTypes) as RestTypeSegment[]).map(typePaths)),
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token, or an OIDC JWT when an issuer is configured.' } },
      schemas: components(),
    },
  });
  return cached;
}
