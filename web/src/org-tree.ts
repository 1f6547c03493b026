import type { CredgateClient, ScopeInput, ScopeType } from '@credgate/sdk';

/** One node of the organisational tree, flattened in display order. */
export interface ScopeNode {
  type: ScopeType;
  id: string;
  name: string;
  depth: number;
  /** Names from the account down, itself last. */
  path: string[];
}

export const scopeKey = (scope: { type: string; id?: string | null }) => `${scope.type}:${scope.id ?? ''}`;
export const scopeInputOf = (node: ScopeNode): ScopeInput => ({ type: node.type, id: node.id });

const TYPE_NAMES: Record<ScopeType, string> = { ACCOUNT: 'Account', CLUSTER: 'Cluster', DEPARTMENT: 'Department', PROJECT: 'Project' };
export const scopeTypeName = (type: ScopeType) => TYPE_NAMES[type];

/** The tree the caller may see, account first, then each cluster with its departments and their projects. */
export async function loadOrgTree(client: CredgateClient): Promise<ScopeNode[]> {
  const { account, clusters } = await client.orgTree();
  const nodes: ScopeNode[] = [{ type: 'ACCOUNT', id: account.id, name: account.name, depth: 0, path: [account.name] }];
  for (const cluster of clusters) {
    const clusterPath = [account.name, cluster.name];
    nodes.push({ type: 'CLUSTER', id: cluster.id, name: cluster.name, depth: 1, path: clusterPath });
    for (const department of cluster.departments) {
      const departmentPath = [...clusterPath, department.name];
      nodes.push({ type: 'DEPARTMENT', id: department.id, name: department.name, depth: 2, path: departmentPath });
      for (const project of department.projects) {
        nodes.push({ type: 'PROJECT', id: project.id, name: project.name, depth: 3, path: [...departmentPath, project.name] });
      }
    }
  }
  return nodes;
}
