import { ValidationError, NotFoundError, type FieldError } from '../domain/errors.js';
import { DEFAULT_FILE_MODE, itemsMissingKeys, type CredentialPurpose, type SecretVolumeItem } from '../domain/assets.js';
import type { AssetService } from './assets.js';
import type { CredentialService } from './credentials.js';
import type { OrgTreeService } from './org-tree.js';
import type { Actor, ServiceDeps } from './context.js';

export interface WorkloadSpecInput {
  projectId: string;
  environmentId?: string | null;
  dataSourceIds?: string[] | null;
  /** Ad-hoc variables taken from credential keys. */
  credentialVariables?: { name: string; credentialId: string; key: string }[] | null;
}

export interface EnvVarSpec {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

export interface WorkloadSpec {
  namespace: string;
  image: string | null;
  imagePullSecrets: { name: string }[];
  env: EnvVarSpec[];
  volumes: SecretVolumeSpec[];
  volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
}

/** A pod volume from a Secret, as Kubernetes writes it (modes are numbers: 0400 is 256). */
export interface SecretVolumeSpec {
  name: string;
  secret: { secretName: string; defaultMode?: number; items?: { key: string; path: string; mode?: number }[] };
}

/** Renders the Kubernetes fragments a workload needs to use credentials in its project namespace (DESIGN §9). */
export class WorkloadService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly orgTree: OrgTreeService,
    private readonly credentials: CredentialService,
    private readonly assets: AssetService,
  ) {}

  /** For a project the caller sees, with environments, data sources and credentials they see (the rest do not exist for them). */
  render(actor: Actor, input: WorkloadSpecInput): WorkloadSpec {
    const project = this.orgTree.projectsByIds([input.projectId], actor)[0];
    if (!project) throw new NotFoundError('PROJECT', input.projectId);
    const scope = this.orgTree.resolveScope({ type: 'PROJECT', id: project.id });
    const spec: WorkloadSpec = { namespace: project.namespace, image: null, imagePullSecrets: [], env: [], volumes: [], volumeMounts: [] };
    const fieldErrors: FieldError[] = [];
    const secretName = (path: string[], credentialId: string, purpose: CredentialPurpose, key?: string): string | null => {
      const problem = this.assets.credentialProblem(this.deps.db, purpose, credentialId, scope, key, actor);
      if (problem) {
        fieldErrors.push({ path, message: problem });
        return null;
      }
      const credential = this.credentials.get(credentialId)!;
      if (credential.origin === 'EXISTING_SECRET' && credential.existingSecretNamespace !== project.namespace) {
        // The gateway never copies a Secret made in advance, and a pod reads Secrets of its own namespace only.
        fieldErrors.push({
          path,
          message: `the credential points at the Secret ${credential.existingSecretName} in namespace ${credential.existingSecretNamespace}, which workloads in ${project.namespace} cannot read`,
        });
        return null;
      }
      return credential.kubernetesName;
    };
    const fromSecret = (name: string, secret: string, key: string): EnvVarSpec => ({
      name,
      valueFrom: { secretKeyRef: { name: secret, key } },
    });

    if (input.environmentId) {
      const environment = this.assets.environmentsByIds([input.environmentId], actor)[0];
      if (!environment) throw new NotFoundError('ENVIRONMENT', input.environmentId);
      spec.image = environment.image;
      if (environment.imagePullCredentialId) {
        const name = secretName(['environmentId'], environment.imagePullCredentialId, 'IMAGE_PULL');
        if (name) spec.imagePullSecrets.push({ name });
      }
      for (const variable of this.assets.variablesOf([environment.id])) {
        if (variable.credentialId && variable.credentialKey) {
          const name = secretName(['environmentId'], variable.credentialId, 'VARIABLE', variable.credentialKey);
          if (name) spec.env.push(fromSecret(variable.name, name, variable.credentialKey));
        } else {
          spec.env.push({ name: variable.name, value: variable.value ?? '' });
        }
      }
    }

    (input.dataSourceIds ?? []).forEach((id, i) => {
      const source = this.assets.dataSourcesByIds([id], actor)[0];
      if (!source) throw new NotFoundError('DATA_SOURCE', id);
      if (!source.credentialId) return;
      const credential = this.credentials.get(source.credentialId);
      const purpose: CredentialPurpose = source.kind === 'SECRET_VOLUME' ? 'SECRET_VOLUME' : source.kind;
      const name = secretName(['dataSourceIds', String(i)], source.credentialId, purpose);
      if (!name || !credential) return;
      const mount = (mountPath: string, files: SecretVolumeSpec['secret'] = { secretName: name }) => {
        // Sources of one Secret share a volume when they project it alike; otherwise each gets its own.
        const same = spec.volumes.find((v) => JSON.stringify(v.secret) === JSON.stringify(files));
        let volumeName = same?.name;
        for (let n = 1; !volumeName; n++) {
          const suffix = n === 1 ? '' : `-${n}`;
          const candidate = `credential-${name}`.slice(0, 63 - suffix.length).replace(/-+$/, '') + suffix;
          if (!spec.volumes.some((v) => v.name === candidate)) volumeName = candidate;
        }
        if (!same) spec.volumes.push({ name: volumeName, secret: files });
        spec.volumeMounts.push({ name: volumeName, mountPath, readOnly: true });
      };
      if (source.kind === 'SECRET_VOLUME') {
        const items = source.settings.items ?? [];
        const missing = itemsMissingKeys(items, credential.keys);
        if (missing.length > 0) {
          // A Secret made in advance may have lost a key since the data source was made.
          fieldErrors.push({ path: ['dataSourceIds', String(i)], message: `the credential no longer holds the key(s) ${missing.map((m) => m.key).join(', ')} that this Secret volume projects` });
          return;
        }
        mount(source.settings.mountPath!, {
          secretName: name,
          defaultMode: source.settings.defaultMode ?? DEFAULT_FILE_MODE,
          ...(items.length > 0 ? { items: items.map(podItem) } : {}),
        });
      }
      if (source.kind === 'S3') {
        spec.env.push(fromSecret('AWS_ACCESS_KEY_ID', name, 'accessKeyId'), fromSecret('AWS_SECRET_ACCESS_KEY', name, 'secretAccessKey'));
      }
      if (source.kind === 'GIT') {
        if (credential.type === 'PASSWORD') {
          spec.env.push(fromSecret('GIT_SYNC_USERNAME', name, 'username'), fromSecret('GIT_SYNC_PASSWORD', name, 'password'));
        } else {
          mount(`/etc/git-secret/${source.name.replace(/[^-._a-zA-Z0-9]/g, '-')}`);
        }
      }
    });

    (input.credentialVariables ?? []).forEach((variable, i) => {
      const name = secretName(['credentialVariables', String(i), 'key'], variable.credentialId, 'VARIABLE', variable.key);
      if (name) spec.env.push(fromSecret(variable.name, name, variable.key));
    });

    if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);
    return spec;
  }
}

function podItem(item: SecretVolumeItem): { key: string; path: string; mode?: number } {
  return { key: item.key, path: item.path, ...(item.mode != null ? { mode: item.mode } : {}) };
}
