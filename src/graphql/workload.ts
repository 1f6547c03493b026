import type { EnvVarSpec, WorkloadSpec } from '../services/workloads.js';
import { formatFileMode } from '../domain/assets.js';
import { builder } from './builder.js';
import { internalId, optionalInternalId } from './ids.js';

const SecretKeyRefType = builder.objectRef<{ name: string; key: string }>('SecretKeyRef').implement({
  fields: (t) => ({ name: t.exposeString('name'), key: t.exposeString('key') }),
});

const EnvVarType = builder.objectRef<EnvVarSpec>('WorkloadEnvVar').implement({
  description: 'A container environment variable: a literal value or a secretKeyRef.',
  fields: (t) => ({
    name: t.exposeString('name'),
    value: t.string({ nullable: true, resolve: (v) => v.value ?? null }),
    secretKeyRef: t.field({ type: SecretKeyRefType, nullable: true, resolve: (v) => v.valueFrom?.secretKeyRef ?? null }),
  }),
});

const VolumeItemType = builder.objectRef<NonNullable<WorkloadSpec['volumes'][number]['secret']['items']>[number]>('WorkloadSecretVolumeItem').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    path: t.exposeString('path'),
    mode: t.string({ nullable: true, description: 'Octal, e.g. "0400" (the manifest has the number, 256).', resolve: (i) => (i.mode != null ? formatFileMode(i.mode) : null) }),
  }),
});

const VolumeType = builder.objectRef<WorkloadSpec['volumes'][number]>('WorkloadSecretVolume').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    secretName: t.string({ resolve: (v) => v.secret.secretName }),
    defaultMode: t.string({
      nullable: true,
      description: 'Octal, e.g. "0400" (the manifest has the number Kubernetes takes, 256); null for volumes that keep Kubernetes\' default.',
      resolve: (v) => (v.secret.defaultMode != null ? formatFileMode(v.secret.defaultMode) : null),
    }),
    items: t.field({ type: [VolumeItemType], nullable: true, resolve: (v) => v.secret.items ?? null }),
  }),
});

const VolumeMountType = builder.objectRef<WorkloadSpec['volumeMounts'][number]>('WorkloadVolumeMount').implement({
  fields: (t) => ({ name: t.exposeString('name'), mountPath: t.exposeString('mountPath'), readOnly: t.exposeBoolean('readOnly') }),
});

const WorkloadSpecType = builder.objectRef<WorkloadSpec>('WorkloadSpec').implement({
  description: 'The Kubernetes fragments a workload in the project needs to use its credentials.',
  fields: (t) => ({
    namespace: t.exposeString('namespace'),
    image: t.exposeString('image', { nullable: true }),
    imagePullSecrets: t.stringList({ resolve: (s) => s.imagePullSecrets.map((p) => p.name) }),
    env: t.field({ type: [EnvVarType], resolve: (s) => s.env }),
    volumes: t.field({ type: [VolumeType], resolve: (s) => s.volumes }),
    volumeMounts: t.field({ type: [VolumeMountType], resolve: (s) => s.volumeMounts }),
    manifest: t.field({
      type: 'JSON',
      description: 'The same as a pod spec fragment: imagePullSecrets, volumes and one container with env and volumeMounts.',
      resolve: (s) => ({
        imagePullSecrets: s.imagePullSecrets,
        volumes: s.volumes,
        containers: [{ name: 'main', ...(s.image ? { image: s.image } : {}), env: s.env, volumeMounts: s.volumeMounts }],
      }),
    }),
  }),
});

const CredentialVariableInput = builder.inputType('CredentialVariableInput', {
  fields: (t) => ({ name: t.string({ required: true }), credentialId: t.id({ required: true }), key: t.string({ required: true }) }),
});

const WorkloadSpecInput = builder.inputType('WorkloadSpecInput', {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    environmentId: t.id(),
    dataSourceIds: t.idList(),
    credentialVariables: t.field({ type: [CredentialVariableInput], description: 'Ad-hoc variables from credential keys.' }),
  }),
});

builder.queryField('workloadSpec', (t) =>
  t.field({
    type: WorkloadSpecType,
    args: { input: t.arg({ type: WorkloadSpecInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.workloads.render(context.actor, {
        projectId: internalId(String(input.projectId), 'Project'),
        environmentId: optionalInternalId(input.environmentId as string | null | undefined, 'Environment'),
        dataSourceIds: input.dataSourceIds?.map((id) => internalId(String(id), 'DataSource')),
        credentialVariables: input.credentialVariables?.map((v) => ({
          ...v,
          credentialId: internalId(String(v.credentialId), 'Credential'),
        })),
      }),
  }),
);
