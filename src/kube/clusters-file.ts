import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ClusterConfig } from '../config.js';

const clustersSchema = z.union([
  z.array(z.object({
    name: z.string().min(1),
    kubeconfig: z.string().min(1),
    context: z.string().optional(),
    manageNamespaces: z.boolean().optional(),
  })),
  z.object({ clusters: z.array(z.any()) }).transform((o) => o.clusters),
]);

/** Reads CREDGATE_CLUSTERS: a JSON or YAML list of { name, kubeconfig, context?, manageNamespaces? }. */
export function readClustersFile(file: string): ClusterConfig[] {
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`CREDGATE_CLUSTERS: cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = clustersSchema.safeParse(document);
  if (!parsed.success) {
    throw new ConfigError(`CREDGATE_CLUSTERS: ${file} must list clusters as { name, kubeconfig, context?, manageNamespaces? }`);
  }
  const list = z.array(z.object({ name: z.string().min(1), kubeconfig: z.string().min(1), context: z.string().optional(), manageNamespaces: z.boolean().optional() })).safeParse(parsed.data);
  if (!list.success) throw new ConfigError(`CREDGATE_CLUSTERS: ${file}: every cluster needs a name and a kubeconfig path`);
  return list.data.map((c) => ({ ...c, kubeconfig: resolve(dirname(file), c.kubeconfig) }));
}
