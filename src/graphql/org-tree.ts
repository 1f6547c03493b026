import type { Cluster, Department, Project, Account } from '../services/org-tree.js';
import { NameTakenError, ScopeNotEmptyError, ValidationError } from '../domain/errors.js';
import { builder } from './builder.js';
import { inKeyOrder } from './loaders.js';
import { mutationResult } from './errors.js';
import { internalId, optionalInternalId } from './ids.js';

export const AccountNode = builder.loadableNodeRef('Account', {
  loaderOptions: { cache: false },
  id: { resolve: (a: Account) => a.id },
  load: async (ids: string[], context) => inKeyOrder([context.services.orgTree.account()], ids),
});
AccountNode.implement({
  fields: (t) => ({ name: t.exposeString('name') }),
});

export const ClusterConnectionEnum = builder.enumType('ClusterConnection', {
  values: ['CONNECTED', 'UNREACHABLE', 'UNKNOWN'] as const,
});

export const ClusterNode = builder.loadableNodeRef('Cluster', {
  loaderOptions: { cache: false },
  id: { resolve: (c: Cluster) => c.id },
  load: async (ids: string[], context) => inKeyOrder(context.services.orgTree.clustersByIds(ids, context.actor), ids),
});
ClusterNode.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeString('version', { nullable: true, description: 'The Kubernetes version the cluster reports.' }),
    connection: t.field({ type: ClusterConnectionEnum, resolve: (c) => c.connection }),
    connectionMessage: t.exposeString('connectionMessage', { nullable: true }),
    manageNamespaces: t.exposeBoolean('manageNamespaces', {
      description: 'Whether the gateway creates missing project namespaces (otherwise they are reported NOT_CREATED).',
    }),
    embedded: t.exposeBoolean('embedded', { description: 'The built-in Kubernetes API emulator, not a real cluster.' }),
    departments: t.field({
      type: [DepartmentNode],
      resolve: (c, _, context) => context.services.orgTree.departments(c.id, context.actor),
    }),
  }),
});

export const DepartmentNode = builder.loadableNodeRef('Department', {
  loaderOptions: { cache: false },
  id: { resolve: (d: Department) => d.id },
  load: async (ids: string[], context) => inKeyOrder(context.services.orgTree.departmentsByIds(ids, context.actor), ids),
});
DepartmentNode.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    labelValue: t.string({
      description: 'The value of the run.ai/department label that offers a Secret created in advance to this department.',
      resolve: (d) => d.id,
    }),
    cluster: t.field({ type: ClusterNode, resolve: (d) => d.clusterId }),
    projects: t.field({
      type: [ProjectNode],
      resolve: (d, _, context) => context.services.orgTree.projects({ departmentId: d.id }, context.actor),
    }),
  }),
});

export const ProjectNode = builder.loadableNodeRef('Project', {
  loaderOptions: { cache: false },
  id: { resolve: (p: Project) => p.id },
  load: async (ids: string[], context) => inKeyOrder(context.services.orgTree.projectsByIds(ids, context.actor), ids),
});
ProjectNode.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    namespace: t.exposeString('namespace'),
    department: t.field({ type: DepartmentNode, resolve: (p) => p.departmentId }),
    cluster: t.field({ type: ClusterNode, resolve: (p) => p.clusterId }),
  }),
});

builder.queryFields((t) => ({
  account: t.field({ type: AccountNode, resolve: (_, __, context) => context.services.orgTree.account() }),
  clusters: t.field({ type: [ClusterNode], resolve: (_, __, context) => context.services.orgTree.clusters(context.actor) }),
  departments: t.field({
    type: [DepartmentNode],
    args: { clusterId: t.arg.id() },
    resolve: (_, args, context) =>
      context.services.orgTree.departments(optionalInternalId(args.clusterId, 'Cluster') ?? undefined, context.actor),
  }),
  projects: t.field({
    type: [ProjectNode],
    args: { departmentId: t.arg.id(), clusterId: t.arg.id() },
    resolve: (_, args, context) =>
      context.services.orgTree.projects({
        departmentId: optionalInternalId(args.departmentId, 'Department') ?? undefined,
        clusterId: optionalInternalId(args.clusterId, 'Cluster') ?? undefined,
      }, context.actor),
  }),
}));

const CreateClusterInput = builder.inputType('CreateClusterInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    kubeconfig: t.string({
      description: "The kubeconfig's content (YAML or JSON). Stored encrypted like secret values and never returned. It must carry its credentials: no exec or auth-provider plugins, no file references.",
    }),
    kubeconfigPath: t.string({
      deprecationReason: "Refused: a path on the gateway's disk. Send the file's content in `kubeconfig`; operators list file-based clusters in CREDGATE_CLUSTERS.",
    }),
    context: t.string({ description: 'Context of that kubeconfig; its current context when omitted.' }),
    manageNamespaces: t.boolean(),
  }),
});
const UpdateClusterInput = builder.inputType('UpdateClusterInput', {
  fields: (t) => ({ id: t.id({ required: true }), name: t.string(), manageNamespaces: t.boolean() }),
});
const DeleteInput = builder.inputType('DeleteByIdInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const CreateDepartmentInput = builder.inputType('CreateDepartmentInput', {
  fields: (t) => ({ clusterId: t.id({ required: true }), name: t.string({ required: true }) }),
});
const UpdateDepartmentInput = builder.inputType('UpdateDepartmentInput', {
  fields: (t) => ({ id: t.id({ required: true }), name: t.string({ required: true }) }),
});
const CreateProjectInput = builder.inputType('CreateProjectInput', {
  fields: (t) => ({
    departmentId: t.id({ required: true }),
    name: t.string({ required: true }),
    namespace: t.string({ description: 'Defaults to runai-<name>.' }),
  }),
});
const UpdateProjectInput = builder.inputType('UpdateProjectInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    departmentId: t.id({ description: 'Move the project to another department of its cluster.' }),
  }),
});

builder.mutationFields((t) => ({
  createCluster: t.field({
    type: ClusterNode,
    errors: mutationResult('createCluster', 'cluster', [NameTakenError]),
    args: { input: t.arg({ type: CreateClusterInput, required: true }) },
    resolve: (_, { input }, context) => {
      if (input.kubeconfigPath != null) {
        throw ValidationError.of(['kubeconfigPath'], "is no longer accepted (it named a file on the gateway's disk): send the kubeconfig's content in `kubeconfig`");
      }
      return context.services.orgTree.createCluster(context.actor, { name: input.name, kubeconfig: input.kubeconfig, context: input.context, manageNamespaces: input.manageNamespaces });
    },
  }),
  updateCluster: t.field({
    type: ClusterNode,
    errors: mutationResult('updateCluster', 'cluster', [NameTakenError]),
    args: { input: t.arg({ type: UpdateClusterInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.orgTree.updateCluster(context.actor, { ...input, id: internalId(input.id, 'Cluster') }),
  }),
  deleteCluster: t.field({
    type: ClusterNode,
    errors: mutationResult('deleteCluster', 'cluster', [ScopeNotEmptyError]),
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.orgTree.deleteCluster(context.actor, { id: internalId(input.id, 'Cluster') }),
  }),
  createDepartment: t.field({
    type: DepartmentNode,
    errors: mutationResult('createDepartment', 'department', [NameTakenError]),
    args: { input: t.arg({ type: CreateDepartmentInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.orgTree.createDepartment(context.actor, { ...input, clusterId: internalId(input.clusterId, 'Cluster') }),
  }),
  updateDepartment: t.field({
    type: DepartmentNode,
    errors: mutationResult('updateDepartment', 'department', [NameTakenError]),
    args: { input: t.arg({ type: UpdateDepartmentInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.orgTree.updateDepartment(context.actor, { ...input, id: internalId(input.id, 'Department') }),
  }),
  deleteDepartment: t.field({
    type: DepartmentNode,
    errors: mutationResult('deleteDepartment', 'department', [ScopeNotEmptyError]),
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.orgTree.deleteDepartment(context.actor, { id: internalId(input.id, 'Department') }),
  }),
  createProject: t.field({
    type: ProjectNode,
    errors: mutationResult('createProject', 'project', [NameTakenError]),
    args: { input: t.arg({ type: CreateProjectInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.orgTree.createProject(context.actor, {
        ...input,
        departmentId: internalId(input.departmentId, 'Department'),
      }),
  }),
  updateProject: t.field({
    type: ProjectNode,
    errors: mutationResult('updateProject', 'project', [NameTakenError]),
    args: { input: t.arg({ type: UpdateProjectInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.orgTree.updateProject(context.actor, {
        id: internalId(input.id, 'Project'),
        name: input.name,
        departmentId: optionalInternalId(input.departmentId, 'Department'),
      }),
  }),
  deleteProject: t.field({
    type: ProjectNode,
    errors: mutationResult('deleteProject', 'project', [ScopeNotEmptyError]),
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.orgTree.deleteProject(context.actor, { id: internalId(input.id, 'Project') }),
  }),
}));
