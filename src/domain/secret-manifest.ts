import type { CredentialType, SecretValues } from './credential.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'credgate';
export const CREDENTIAL_ID_LABEL = 'credgate.io/credential-id';
/** The id of the installation that wrote the Secret: only that installation rewrites or deletes it (docs/ownership.md). */
export const INSTALLATION_LABEL = 'credgate.io/installation';
export const RESOURCE_LABEL = 'run.ai/resource';
export const DATA_HASH_ANNOTATION = 'credgate.io/data-hash';
export const GENERATION_ANNOTATION = 'credgate.io/generation';

const kubernetesSecretType: Record<CredentialType, string> = {
  DOCKER_REGISTRY: 'kubernetes.io/dockerconfigjson',
  ACCESS_KEY: 'Opaque',
  PASSWORD: 'kubernetes.io/basic-auth',
  GENERIC_SECRET: 'Opaque',
};

/** The Run:ai-compatible `run.ai/resource` label value of a credential type. */
export const resourceLabelOf: Record<CredentialType, string> = {
  DOCKER_REGISTRY: 'docker-registry',
  ACCESS_KEY: 'access-key',
  PASSWORD: 'password',
  GENERIC_SECRET: 'generic',
};

export function credentialTypeOfResourceLabel(label: string | undefined): CredentialType | undefined {
  return (Object.keys(resourceLabelOf) as CredentialType[]).find((t) => resourceLabelOf[t] === label);
}

export function secretTypeOf(type: CredentialType): string {
  return kubernetesSecretType[type];
}

/** The Secret's data, key by key (one entry per field of the credential type). */
export function secretDataOf(values: SecretValues): Record<string, Buffer> {
  switch (values.type) {
    case 'ACCESS_KEY':
      return { accessKeyId: Buffer.from(values.accessKeyId), secretAccessKey: Buffer.from(values.secretAccessKey) };
    case 'PASSWORD':
      return { username: Buffer.from(values.username), password: Buffer.from(values.password) };
    case 'DOCKER_REGISTRY': {
      const auth = Buffer.from(`${values.username}:${values.password}`).toString('base64');
      const config = { auths: { [values.url]: { username: values.username, password: values.password, auth } } };
      return { '.dockerconfigjson': Buffer.from(JSON.stringify(config)) };
    }
    case 'GENERIC_SECRET':
      return Object.fromEntries(values.entries.map((e) => [e.key, Buffer.from(e.value)]));
  }
}

/** A canonical byte string of Secret data (sorted keys), the input of the data-hash annotation. */
export function canonicalSecretData(data: Record<string, Buffer | string>): Buffer {
  const parts: Buffer[] = [];
  for (const key of Object.keys(data).sort()) {
    const value = typeof data[key] === 'string' ? Buffer.from(data[key] as string, 'base64') : (data[key] as Buffer);
    parts.push(Buffer.from(`${key.length}:${key}:${value.length}:`), value);
  }
  return Buffer.concat(parts);
}

export interface ManagedSecretManifest {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  type: string;
  data: Record<string, string>;
}

/** The Secret a managed credential becomes in one target namespace. */
export function managedSecretManifest(input: {
  installationId: string;
  credentialId: string;
  kubernetesName: string;
  namespace: string;
  type: CredentialType;
  generation: number;
  data: Record<string, Buffer>;
  dataHash: string;
}): ManagedSecretManifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: input.kubernetesName,
      namespace: input.namespace,
      labels: {
        [MANAGED_BY_LABEL]: MANAGED_BY,
        [INSTALLATION_LABEL]: input.installationId,
        [CREDENTIAL_ID_LABEL]: input.credentialId,
        [RESOURCE_LABEL]: resourceLabelOf[input.type],
      },
      annotations: { [DATA_HASH_ANNOTATION]: input.dataHash, [GENERATION_ANNOTATION]: String(input.generation) },
    },
    type: secretTypeOf(input.type),
    data: Object.fromEntries(Object.entries(input.data).map(([k, v]) => [k, v.toString('base64')])),
  };
}
