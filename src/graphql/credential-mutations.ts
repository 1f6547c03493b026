import type { CredentialType } from '../domain/credential.js';
import { CredentialInUseError, NameTakenError } from '../domain/errors.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { CredentialNode } from './credential.js';
import { mutationResult } from './errors.js';
import { internalId, scopeRefOf } from './ids.js';
import { ScopeInput } from './scope.js';

const SecretEntryInput = builder.inputType('SecretEntryInput', {
  description: 'One key of a generic secret. The value is write-only.',
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});

type FieldsOf = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];

const common = (t: FieldsOf) => ({
  name: t.string({ required: true, description: 'Unique (ignoring case) among the credentials of the scope; at most 255 characters.' }),
  description: t.string({ description: 'At most 1,000 characters.' }),
  scope: t.field({ type: ScopeInput, required: true }),
  existingSecretName: t.string({
    description: 'Build the credential on a Secret created in advance (see existingSecrets) instead of giving values.',
  }),
});

const createInputs: Record<CredentialType, { mutation: string; input: ReturnType<typeof builder.inputType> }> = {
  ACCESS_KEY: {
    mutation: 'createAccessKeyCredential',
    input: builder.inputType('CreateAccessKeyCredentialInput', {
      fields: (t) => ({ ...common(t), accessKeyId: t.string(), secretAccessKey: t.string() }),
    }),
  },
  PASSWORD: {
    mutation: 'createPasswordCredential',
    input: builder.inputType('CreatePasswordCredentialInput', {
      fields: (t) => ({ ...common(t), username: t.string(), password: t.string() }),
    }),
  },
  DOCKER_REGISTRY: {
    mutation: 'createDockerRegistryCredential',
    input: builder.inputType('CreateDockerRegistryCredentialInput', {
      fields: (t) => ({
        ...common(t),
        url: t.string({ description: 'The registry, e.g. https://registry.example.com or ghcr.io.' }),
        username: t.string(),
        password: t.string(),
      }),
    }),
  },
  GENERIC_SECRET: {
    mutation: 'createGenericSecretCredential',
    input: builder.inputType('CreateGenericSecretCredentialInput', {
      fields: (t) => ({ ...common(t), entries: t.field({ type: [SecretEntryInput] }) }),
    }),
  },
};

for (const [type, { mutation, input }] of Object.entries(createInputs) as [CredentialType, (typeof createInputs)[CredentialType]][]) {
  builder.mutationField(mutation, (t) =>
    t.field({
      type: CredentialNode,
      errors: mutationResult(mutation, 'credential', [NameTakenError]),
      args: { input: t.arg({ type: input, required: true }) },
      resolve: (_, args, context: GraphQLContext) => {
        const values = args.input as Record<string, unknown> & { scope: { type: 'ACCOUNT'; id?: string | null } };
        return context.services.credentials.create(context.actor, type, {
          ...values,
          name: values.name as string,
          scope: scopeRefOf(values.scope, context),
        });
      },
    }),
  );
}

const UpdateCredentialInput = builder.inputType('UpdateCredentialInput', {
  description: 'Rename a credential or change its description. Omitted fields stay as they are.',
  fields: (t) => ({ id: t.id({ required: true }), name: t.string(), description: t.string() }),
});

const RotateCredentialInput = builder.inputType('RotateCredentialInput', {
  description: "New values for a managed credential: the fields of its own type, all of them.",
  fields: (t) => ({
    id: t.id({ required: true }),
    accessKeyId: t.string(),
    secretAccessKey: t.string(),
    username: t.string(),
    password: t.string(),
    url: t.string(),
    entries: t.field({ type: [SecretEntryInput] }),
  }),
});

const DeleteCredentialInput = builder.inputType('DeleteCredentialInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

builder.mutationFields((t) => ({
  updateCredential: t.field({
    type: CredentialNode,
    errors: mutationResult('updateCredential', 'credential', [NameTakenError]),
    args: { input: t.arg({ type: UpdateCredentialInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.credentials.update(context.actor, {
        id: internalId(String(input.id), 'Credential'),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      }),
  }),
  rotateCredential: t.field({
    type: CredentialNode,
    errors: mutationResult('rotateCredential', 'credential'),
    args: { input: t.arg({ type: RotateCredentialInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.credentials.rotate(context.actor, { ...input, id: internalId(String(input.id), 'Credential') }),
  }),
  deleteCredential: t.field({
    type: CredentialNode,
    description: 'Refused while an environment or data source uses the credential (CredentialInUseError names them).',
    errors: mutationResult('deleteCredential', 'credential', [CredentialInUseError]),
    args: { input: t.arg({ type: DeleteCredentialInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.credentials.delete(context.actor, { id: internalId(String(input.id), 'Credential') }),
  }),
}));
