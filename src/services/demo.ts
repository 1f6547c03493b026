import { BUILTIN_ADMIN } from './context.js';
import type { OrgTreeService } from './org-tree.js';

/** A small organisation for a first start: one cluster, two departments, three projects. */
export function seedDemoOrganisation(orgTree: OrgTreeService, clusterName = 'local'): boolean {
  if (orgTree.clusters().length > 0) return false;
  const cluster = orgTree.createCluster(BUILTIN_ADMIN, { name: clusterName, embedded: true });
  const research = orgTree.createDepartment(BUILTIN_ADMIN, { clusterId: cluster.id, name: 'research' });
  const engineering = orgTree.createDepartment(BUILTIN_ADMIN, { clusterId: cluster.id, name: 'engineering' });
  orgTree.createProject(BUILTIN_ADMIN, { departmentId: research.id, name: 'vision' });
  orgTree.createProject(BUILTIN_ADMIN, { departmentId: research.id, name: 'language' });
  orgTree.createProject(BUILTIN_ADMIN, { departmentId: engineering.id, name: 'platform' });
  return true;
}
