import { parse } from 'yaml';

/** The most kubeconfig text a cluster registration takes. */
export const MAX_KUBECONFIG_BYTES = 256 * 1024;

/** Fields that make a kubeconfig read a file on the gateway's host; their `-data` forms embed the content instead. */
const FILE_FIELDS: Record<string, string> = {
  'certificate-authority': 'certificate-authority-data',
  'client-certificate': 'client-certificate-data',
  'client-key': 'client-key-data',
  tokenFile: 'token',
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why a kubeconfig given as content cannot register a cluster, or nothing. A registered
 * kubeconfig may neither read the gateway's files nor run commands on its host (exec,
 * auth-provider plugins): it carries everything it needs. Messages never quote the content.
 */
export function kubeconfigProblems(text: string, context?: string): string[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_KUBECONFIG_BYTES) return [`must be at most ${MAX_KUBECONFIG_BYTES / 1024} KiB`];
  let config: unknown;
  try {
    config = parse(text, { maxAliasCount: 0 });
  } catch {
    return ['is not a kubeconfig (YAML or JSON with clusters, users and contexts)'];
  }
  if (!isObject(config)) return ['is not a kubeconfig (YAML or JSON with clusters, users and contexts)'];
  const problems: string[] = [];
  const named = (key: string) => (Array.isArray(config[key]) ? (config[key] as unknown[]).filter(isObject) : []);
  const clusters = named('clusters');
  const contexts = named('contexts');
  if (clusters.length === 0) problems.push('has no clusters');
  if (contexts.length === 0) problems.push('has no contexts');
  const wanted = context ?? (typeof config['current-context'] === 'string' ? config['current-context'] : undefined);
  if (!wanted) problems.push('names no current-context; give `context`');
  else if (contexts.length > 0 && !contexts.some((c) => c.name === wanted)) problems.push(`has no context named "${wanted.slice(0, 100)}"`);
  for (const entry of clusters) {
    const cluster = isObject(entry.cluster) ? entry.cluster : {};
    for (const [field, embedded] of Object.entries(FILE_FIELDS)) {
      if (field in cluster) problems.push(`cluster "${String(entry.name).slice(0, 100)}" reads the file in ${field}: embed it as ${embedded}`);
    }
  }
  for (const entry of named('users')) {
    const user = isObject(entry.user) ? entry.user : {};
    const name = String(entry.name).slice(0, 100);
    if ('exec' in user || 'auth-provider' in user) problems.push(`user "${name}" runs a command or plugin on the gateway host (exec, auth-provider): use a token or a client certificate`);
    for (const [field, embedded] of Object.entries(FILE_FIELDS)) {
      if (field in user) problems.push(`user "${name}" reads the file in ${field}: embed it as ${embedded}`);
    }
  }
  return problems;
}
