import { ValidationError, NotFoundError, type FieldError } from '../domain/errors.js';
import type { CredentialPurpose } from '../domain/assets.js';
import type { AssetService } from './assets.js';
import type { CredentialService } from './credentials.js';
import type { OrgTreeService } from './org-tree.js';
import type { ServiceDeps } from './context.js';

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
  volumes: { name: string; secret: { secretName: string } }[];
  volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
}

/** Renders the Kubernetes fragments a workload needs to use credentials in its project namespace (DESIGN §9). */
export class WorkloadService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly orgTree: OrgTreeService,
    private readonly credentials: CredentialService,
    private readonly assets: AssetService,
  ) {}

  render(input: WorkloadSpecInput): WorkloadSpec {
    const project = this.orgTree.project(input.projectId);
    if (!project) throw new NotFoundError('PROJECT', input.projectId);
    const scope = this.orgTree.resolveScope({ type: 'PROJECT', id: project.id });
    const spec: WorkloadSpec = { namespace: project.namespace, image: null, imagePullSecrets: [], env: [], volumes: [], volumeMounts: [] };
    const fieldErrors: FieldError[] = [];
    const secretName = (path: string[], credentialId: string, purpose: CredentialPurpose, key?: string): string | null => {
      const problem = this.assets.credentialProblem(this.deps.db, purpose, credentialId, scope, key);
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
      const environment = this.assets.environment(input.environmentId);
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
      const source = this.assets.dataSource(id);
      if (!source) throw new NotFoundError('DATA_SOURCE', id);
      if (!source.credentialId) return;
      const credential = this.credentials.get(source.credentialId);
      const purpose: CredentialPurpose = source.kind === 'SECRET_VOLUME' ? 'SECRET_VOLUME' : source.kind;
      const name = secretName(['dataSourceIds', String(i)], source.credentialId, purpose);
      if (!name || !credential) return;
      const volumeName = `credential-${name}`.slice(0, 63).replace(/-+$/, '');
      const mount = (mountPath: string) => {
        if (!spec.volumes.some((v) => v.name === volumeName)) spec.volumes.push({ name: volumeName, secret: { secretName: name } });
        spec.volumeMounts.push({ name: volumeName, mountPath, readOnly: true });
      };
      if (source.kind === 'SECRET_VOLUME') mount(source.settings.mountPath!);
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
