import { z } from 'zod';
import { ValidationError } from './errors.js';
import { SECRET_KEY } from './names.js';
import { parseOrThrow } from './validation.js';

export type CredentialType = 'DOCKER_REGISTRY' | 'ACCESS_KEY' | 'PASSWORD' | 'GENERIC_SECRET';
export type CredentialOrigin = 'MANAGED' | 'EXISTING_SECRET';

export const MAX_VALUES_BYTES = 1024 * 1024;

/** The values a credential wraps. Only ever held in memory, encrypted at rest, written into Secrets. */
export type SecretValues =
  | { type: 'ACCESS_KEY'; accessKeyId: string; secretAccessKey: string }
  | { type: 'PASSWORD'; username: string; password: string }
  | { type: 'DOCKER_REGISTRY'; url: string; username: string; password: string }
  | { type: 'GENERIC_SECRET'; entries: { key: string; value: string }[] };

/** The name and description rules every named object shares live in names.ts. */
export { MAX_DESCRIPTION, MAX_NAME, descriptionSchema, nameSchema } from './names.js';

const requiredValue = z.string({ error: 'is required' }).min(1, 'is required');

function isRegistryUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const entriesSchema = z
  .array(
    z.object({
      key: z
        .string({ error: 'is required' })
        .min(1, 'is required')
        .max(253, 'must be at most 253 characters')
        .regex(SECRET_KEY, "must consist of alphanumeric characters, '-', '_' or '.'"),
      value: z.string({ error: 'is required' }),
    }),
    { error: 'is required' },
  )
  .min(1, 'needs at least one entry')
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, i) => {
      if (seen.has(entry.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'duplicates another key' });
      seen.add(entry.key);
    });
  });

const valueSchemas = {
  ACCESS_KEY: z.object({ accessKeyId: requiredValue, secretAccessKey: requiredValue }),
  PASSWORD: z.object({ username: requiredValue, password: requiredValue }),
  DOCKER_REGISTRY: z.object({
    // The message never repeats the value: a URL may embed credentials.
    url: requiredValue.refine(isRegistryUrl, 'is not a valid registry URL (for example https://registry.example.com)'),
    username: requiredValue,
    password: requiredValue,
  }),
  GENERIC_SECRET: z.object({ entries: entriesSchema }),
} as const;

export function valuesSize(values: SecretValues): number {
  const strings =
    values.type === 'GENERIC_SECRET'
      ? values.entries.flatMap((e) => [e.key, e.value])
      : Object.entries(values).filter(([k]) => k !== 'type').map(([, v]) => v as string);
  return strings.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
}

/** Validates the values of a type (create or rotate); throws ValidationError with field paths. */
export function parseSecretValues(type: CredentialType, input: Record<string, unknown>): SecretValues {
  const parsed = parseOrThrow(valueSchemas[type], input) as object;
  const values = { type, ...parsed } as SecretValues;
  if (valuesSize(values) > MAX_VALUES_BYTES) {
    throw new ValidationError([
      { path: type === 'GENERIC_SECRET' ? ['entries'] : [], message: `all values together must be at most ${MAX_VALUES_BYTES} bytes (1 MiB)` },
    ]);
  }
  return values;
}

/** The key names the Kubernetes Secret of these values holds (never the values). */
export function secretKeysOf(values: SecretValues): string[] {
  switch (values.type) {
    case 'ACCESS_KEY':
      return ['accessKeyId', 'secretAccessKey'];
    case 'PASSWORD':
      return ['username', 'password'];
    case 'DOCKER_REGISTRY':
      return ['.dockerconfigjson'];
    case 'GENERIC_SECRET':
      return values.entries.map((e) => e.key);
  }
}

/** The fields a create or rotate input carries values in, per type. */
export const valueFieldsOf: Record<CredentialType, string[]> = {
  ACCESS_KEY: ['accessKeyId', 'secretAccessKey'],
  PASSWORD: ['username', 'password'],
  DOCKER_REGISTRY: ['url', 'username', 'password'],
  GENERIC_SECRET: ['entries'],
};
