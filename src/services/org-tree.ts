import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { inBatches } from '../db/batches.js';
import { z } from 'zod';
import type { DbOrTx } from '../db/connection.js';
import { accounts, clusters, credentials, dataSources, departments, environments, projects } from '../db/schema.js';
import { NameTakenError, NotFoundError, ScopeNotEmptyError, ValidationError } from '../domain/errors.js';
import { DNS1123_LABEL, defaultNamespaceFor, displayNameSchema } from '../domain/names.js';
import type { ScopeNode, ScopeRef } from '../domain/scope.js';
import { parseOrThrow } from '../domain/validation.js';
import { runMutation, type Actor, type ServiceDeps } from './context.js';
import { AccessService, assertSystemAdministrator, mayView, seesEverything } from './access.js';
import { kubeconfigProblems } from '../domain/kubeconfig.js';
import { KeyringError, type SealedSecret } from '../secrets/keyring.js';
import type { PropagationStateService } from './propagation.js';

export type Account = typeof accounts.$inferSelect;
export type Cluster = typeof clusters.$inferSelect;
export type Department = typeof departments.$inferSelect;
export type Project = typeof projects.$inferSelect;

const treeName = displayNameSchema(63);

const projectName = treeName.pipe(
  z.string().regex(
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    "must start with a lowercase letter and consist of lowercase letters, digits and '-' (it names a namespace)",
  ),
);

const namespaceName = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(DNS1123_LABEL, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit");

/** The organisational tree: account, clusters, departments, projects, and scope resolution. */
export class OrgTreeService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly propagation: PropagationStateService,
  ) {}

  private get db() {
    return this.deps.db;
  }

  account(): Account {
    const account = this.db.select().from(accounts).get();
    if (account) return account;
    const created = { id: randomUUID(), name: 'credgate', createdAt: this.deps.now() };
    this.db.insert(accounts).values(created).onConflictDoNothing().run();
    return this.db.select().from(accounts).get()!;
  }

  /** The clusters the caller sees (no caller: all, for the gateway itself). */
  clusters(actor?: Actor): Cluster[] {
    return this.db.select().from(clusters).orderBy(asc(clusters.name)).all().filter(this.seenBy(actor, 'CLUSTER'));
  }

  /**
   * Whether the caller sees a node of the tree: one at or under a rule's scope, or above one (DESIGN §6).
   * The path of a cluster, department or project row is known from the row (projects carry their cluster).
   */
  private seenBy(actor: Actor | undefined, type: 'CLUSTER' | 'DEPARTMENT' | 'PROJECT'): (row: { id: string; clusterId?: string; departmentId?: string }) => boolean {
    if (seesEverything(actor)) return () => true;
    const account = { type: 'ACCOUNT' as const, id: this.account().id };
    return (row) => {
      const path = [account];
      if (type === 'CLUSTER') path.push({ type: 'CLUSTER', id: row.id } as never);
      else path.push({ type: 'CLUSTER', id: row.clusterId! } as never);
      if (type === 'DEPARTMENT') path.push({ type: 'DEPARTMENT', id: row.id } as never);
      if (type === 'PROJECT') path.push({ type: 'DEPARTMENT', id: row.departmentId! } as never, { type: 'PROJECT', id: row.id } as never);
      return mayView(actor, { type, id: row.id, name: '', clusterId: null, path: path.map((node) => ({ ...node, name: '' })) });
    };
  }

  /** `cluster/namespace` of every project the caller sees, or null when they see everything (the targets they may read). */
  visibleNamespaces(actor: Actor): Set<string> | null {
    if (seesEverything(actor)) return null;
    return new Set(this.projects({}, actor).map((p) => `${p.clusterId}/${p.namespace}`));
  }

  /** A scope the caller sees, or undefined (also when it does not exist). */
  visibleScope(actor: Actor, ref: ScopeRef): ScopeNode | undefined {
    const node = this.resolveScopes([ref])[0];
    return node && mayView(actor, node) ? node : undefined;
  }

  /** The kubeconfig a cluster was registered with (decrypted for the engine only; never returned by the API). */
  kubeconfigOf(clusterId: string): string | null {
    const cluster = this.cluster(clusterId);
    const sealed = cluster && sealedKubeconfigOf(cluster);
    return sealed ? this.deps.keyring.open(sealed, cluster.id).toString('utf8') : null;
  }

  /**
   * Reports, before anything else runs, a sealed kubeconfig the configured master keys cannot open
   * (as credentials' verifyKeys does for values), naming the cluster: the start stops there
   * instead of losing the cluster.
   */
  verifyKubeconfigKeys(): void {
    for (const cluster of this.sealedKubeconfigs()) {
      try {
        this.deps.keyring.open(sealedKubeconfigOf(cluster)!, cluster.id);
      } catch (error) {
        if (error instanceof KeyringError) throw new KeyringError(`the kubeconfig of cluster "${cluster.name}" cannot be opened: ${error.message}`);
        throw error;
      }
    }
  }

  /**
   * The cluster half of a key rotation (credentials' reencryptWithActiveKey is the other): sealed
   * kubeconfigs of an older key are sealed again with the active one, in one transaction. Returns
   * how many were.
   */
  reencryptKubeconfigsWithActiveKey(): number {
    const stale = this.sealedKubeconfigs().filter((cluster) => cluster.kubeconfigKeyId !== this.deps.keyring.activeKeyId);
    if (stale.length === 0) return 0;
    this.db.transaction((tx) => {
      for (const cluster of stale) {
        const sealed = this.deps.keyring.seal(this.deps.keyring.open(sealedKubeconfigOf(cluster)!, cluster.id), cluster.id);
        tx.update(clusters)
          .set({ kubeconfigKeyId: sealed.keyId, kubeconfigNonce: sealed.nonce, kubeconfigCiphertext: sealed.ciphertext, kubeconfigAuthTag: sealed.authTag })
          .where(eq(clusters.id, cluster.id))
          .run();
      }
    });
    return stale.length;
  }

  private sealedKubeconfigs(): Cluster[] {
    return this.db.select().from(clusters).where(isNotNull(clusters.kubeconfigKeyId)).all();
  }

  cluster(id: string, db: DbOrTx = this.db): Cluster | undefined {
    return db.select().from(clusters).where(eq(clusters.id, id)).get();
  }

  clusterByName(name: string): Cluster | undefined {
    return this.db.select().from(clusters).where(sql`lower(${clusters.name}) = lower(${name})`).get();
  }

  departments(clusterId?: string, actor?: Actor): Department[] {
    const query = this.db.select().from(departments);
    return (clusterId ? query.where(eq(departments.clusterId, clusterId)) : query).orderBy(asc(departments.name)).all().filter(this.seenBy(actor, 'DEPARTMENT'));
  }

  department(id: string, db: DbOrTx = this.db): Department | undefined {
    return db.select().from(departments).where(eq(departments.id, id)).get();
  }

  projects(filter: { departmentId?: string; clusterId?: string } = {}, actor?: Actor): Project[] {
    const conditions = [
      filter.departmentId ? eq(projects.departmentId, filter.departmentId) : undefined,
      filter.clusterId ? eq(projects.clusterId, filter.clusterId) : undefined,
    ];
    return this.db.select().from(projects).where(and(...conditions)).orderBy(asc(projects.name)).all().filter(this.seenBy(actor, 'PROJECT'));
  }

  project(id: string, db: DbOrTx = this.db): Project | undefined {
    return db.select().from(projects).where(eq(projects.id, id)).get();
  }

  clustersByIds(ids: readonly string[], actor?: Actor): Cluster[] {
    return inBatches(ids, (batch) => this.db.select().from(clusters).where(inArray(clusters.id, batch)).all()).filter(this.seenBy(actor, 'CLUSTER'));
  }

  departmentsByIds(ids: readonly string[], actor?: Actor): Department[] {
    return inBatches(ids, (batch) => this.db.select().from(departments).where(inArray(departments.id, batch)).all()).filter(this.seenBy(actor, 'DEPARTMENT'));
  }

  projectsByIds(ids: readonly string[], actor?: Actor): Project[] {
    return inBatches(ids, (batch) => this.db.select().from(projects).where(inArray(projects.id, batch)).all()).filter(this.seenBy(actor, 'PROJECT'));
  }

  /** Every project under a scope: the namespaces a credential of that scope reaches. */
  projectsUnder(scope: ScopeRef, db: DbOrTx = this.db): Project[] {
    switch (scope.type) {
      case 'ACCOUNT':
        return db.select().from(projects).all();
      case 'CLUSTER':
        return db.select().from(projects).where(eq(projects.clusterId, scope.id)).all();
      case 'DEPARTMENT':
        return db.select().from(projects).where(eq(projects.departmentId, scope.id)).all();
      case 'PROJECT':
        return db.select().from(projects).where(eq(projects.id, scope.id)).all();
    }
  }

  /** Resolves a scope reference to its node and path, or throws NotFoundError. */
  resolveScope(ref: ScopeRef, db: DbOrTx = this.db): ScopeNode {
    const node = this.resolveScopes([ref], db)[0];
    if (!node) throw new NotFoundError(ref.type === 'ACCOUNT' ? 'SCOPE' : ref.type, ref.id);
    return node;
  }

  /** Resolves many scope references with a constant number of queries; unknown ones come back undefined. */
  resolveScopes(refs: readonly ScopeRef[], db: DbOrTx = this.db): (ScopeNode | undefined)[] {
    const account = this.account();
    const accountNode = { type: 'ACCOUNT' as const, id: account.id, name: account.name };
    const idsOf = (type: ScopeRef['type']) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
    const projectRows = new Map(
      inBatches(idsOf('PROJECT'), (batch) => db.select().from(projects).where(inArray(projects.id, batch)).all()).map((p) => [p.id, p]),
    );
    const departmentIds = [...new Set([...idsOf('DEPARTMENT'), ...[...projectRows.values()].map((p) => p.departmentId)])];
    const departmentRows = new Map(
      inBatches(departmentIds, (batch) => db.select().from(departments).where(inArray(departments.id, batch)).all()).map((d) => [d.id, d]),
    );
    const clusterIds = [...new Set([...idsOf('CLUSTER'), ...[...departmentRows.values()].map((d) => d.clusterId)])];
    const clusterRows = new Map(
      inBatches(clusterIds, (batch) => db.select().from(clusters).where(inArray(clusters.id, batch)).all()).map((c) => [c.id, c]),
    );
    return refs.map((ref) => {
      if (ref.type === 'ACCOUNT') {
        return ref.id === account.id ? { ...accountNode, clusterId: null, path: [accountNode] } : undefined;
      }
      const project = ref.type === 'PROJECT' ? projectRows.get(ref.id) : undefined;
      if (ref.type === 'PROJECT' && !project) return undefined;
      const departmentId = project?.departmentId ?? (ref.type === 'DEPARTMENT' ? ref.id : undefined);
      const department = departmentId ? departmentRows.get(departmentId) : undefined;
      if (departmentId && !department) return undefined;
      const cluster = clusterRows.get(department?.clusterId ?? ref.id);
      if (!cluster) return undefined;
      const path: ScopeNode['path'] = [accountNode, { type: 'CLUSTER', id: cluster.id, name: cluster.name }];
      if (department) path.push({ type: 'DEPARTMENT', id: department.id, name: department.name });
      if (project) path.push({ type: 'PROJECT', id: project.id, name: project.name });
      const self = path[path.length - 1];
      return { type: self.type, id: self.id, name: self.name, clusterId: cluster.id, path };
    });
  }

  createCluster(
    actor: Actor,
    input: {
      name: string;
      /** The kubeconfig's content (sealed like secret values, never returned). */
      kubeconfig?: string | null;
      /** Only for clusters of the operator's CREDGATE_CLUSTERS file: a path on the gateway's disk. */
      kubeconfigPath?: string | null;
      context?: string | null;
      manageNamespaces?: boolean | null;
      embedded?: boolean;
    },
  ): Cluster {
    return runMutation(this.deps, actor, 'cluster.create', { type: 'CLUSTER', name: String(input.name ?? '') }, (tx) => {
      assertSystemAdministrator(actor, undefined, 'CLUSTER', '');
      const name = parseOrThrow(z.object({ name: treeName }), input).name;
      if (input.kubeconfig != null) {
        const problems = kubeconfigProblems(input.kubeconfig, input.context ?? undefined);
        if (problems.length > 0) throw new ValidationError(problems.map((message) => ({ path: ['kubeconfig'], message })));
      }
      if (tx.select({ id: clusters.id }).from(clusters).where(sql`lower(${clusters.name}) = lower(${name})`).get()) {
        throw new NameTakenError('CLUSTER', name);
      }
      const row = {
        id: randomUUID(),
        name,
        kubeconfigPath: input.kubeconfigPath ?? null,
        context: input.context ?? null,
        manageNamespaces: input.manageNamespaces ?? true,
        embedded: input.embedded ?? false,
        createdAt: this.deps.now(),
      };
      const sealed = input.kubeconfig != null ? this.deps.keyring.seal(Buffer.from(input.kubeconfig, 'utf8'), row.id) : null;
      tx.insert(clusters).values({
        ...row,
        ...(sealed ? { kubeconfigKeyId: sealed.keyId, kubeconfigNonce: sealed.nonce, kubeconfigCiphertext: sealed.ciphertext, kubeconfigAuthTag: sealed.authTag } : {}),
      }).run();
      const cluster = this.cluster(row.id, tx)!;
      return {
        result: cluster,
        target: { type: 'CLUSTER', id: cluster.id, name },
        afterCommit: () => this.deps.events.publish('orgChanged', { kind: 'CLUSTER', id: cluster.id, clusterId: cluster.id }),
      };
    });
  }

  updateCluster(actor: Actor, input: { id: string; name?: string | null; manageNamespaces?: boolean | null }): Cluster {
    return runMutation(this.deps, actor, 'cluster.update', { type: 'CLUSTER', id: input.id }, (tx) => {
      const cluster = this.cluster(input.id, tx);
      if (!cluster) throw new NotFoundError('CLUSTER', input.id);
      assertSystemAdministrator(actor, this.resolveScope({ type: 'CLUSTER', id: cluster.id }, tx), 'CLUSTER', input.id);
      const changes: Partial<Cluster> = {};
      if (input.name != null) {
        changes.name = parseOrThrow(z.object({ name: treeName }), input).name;
        const clash = tx.select({ id: clusters.id }).from(clusters).where(sql`lower(${clusters.name}) = lower(${changes.name})`).get();
        if (clash && clash.id !== cluster.id) throw new NameTakenError('CLUSTER', changes.name);
      }
      if (input.manageNamespaces != null) changes.manageNamespaces = input.manageNamespaces;
      if (Object.keys(changes).length > 0) tx.update(clusters).set(changes).where(eq(clusters.id, cluster.id)).run();
      const updated = this.cluster(cluster.id, tx)!;
      return {
        result: updated,
        target: { type: 'CLUSTER', id: cluster.id, name: updated.name },
        afterCommit: () => this.deps.events.publish('orgChanged', { kind: 'CLUSTER', id: cluster.id, clusterId: cluster.id }),
      };
    });
  }

  /** Makes the database list a cluster from configuration (CREDGATE_CLUSTERS), creating or updating it by name. */
  upsertConfiguredCluster(actor: Actor, input: { name: string; kubeconfigPath: string; context?: string | null; manageNamespaces?: boolean }): Cluster {
    const existing = this.clusterByName(input.name);
    if (!existing) return this.createCluster(actor, input);
    this.db.update(clusters).set({
      kubeconfigPath: input.kubeconfigPath,
      context: input.context ?? null,
      manageNamespaces: input.manageNamespaces ?? existing.manageNamespaces,
      embedded: false,
    }).where(eq(clusters.id, existing.id)).run();
    return this.cluster(existing.id)!;
  }

  /** Records what the reconciler observed of a cluster (not a user mutation, so not audited). */
  recordClusterConnection(id: string, connection: Cluster['connection'], version: string | null, message: string | null): void {
    const changes: Partial<Cluster> = { connection, connectionMessage: message };
    if (version) changes.version = version;
    this.db.update(clusters).set(changes).where(eq(clusters.id, id)).run();
  }

  deleteCluster(actor: Actor, input: { id: string }): Cluster {
    return runMutation(this.deps, actor, 'cluster.delete', { type: 'CLUSTER', id: input.id }, (tx) => {
      const cluster = this.cluster(input.id, tx);
      if (!cluster) throw new NotFoundError('CLUSTER', input.id);
      assertSystemAdministrator(actor, this.resolveScope({ type: 'CLUSTER', id: cluster.id }, tx), 'CLUSTER', input.id);
      const contents = this.contentsOf(tx, { type: 'CLUSTER', id: cluster.id });
      if (contents.length > 0) throw new ScopeNotEmptyError('CLUSTER', cluster.name, contents);
      AccessService.deleteRulesOn(tx, { type: 'CLUSTER', id: cluster.id });
      // Secrets still to be removed there (of account credentials) go with the cluster.
      const affected = this.propagation.credentialsWithTargetsOn(tx, cluster.id);
      tx.delete(clusters).where(eq(clusters.id, cluster.id)).run();
      const settle = this.propagation.targetsRemoved(tx, affected);
      return {
        result: cluster,
        target: { type: 'CLUSTER', id: cluster.id, name: cluster.name },
        afterCommit: () => {
          // Stops the cluster's reconciler.
          this.deps.events.publish('orgChanged', { kind: 'CLUSTER', id: cluster.id, clusterId: cluster.id });
          settle();
        },
      };
    });
  }

  createDepartment(actor: Actor, input: { clusterId: string; name: string }): Department {
    return runMutation(this.deps, actor, 'department.create', { type: 'DEPARTMENT', name: input.name }, (tx) => {
      const { name } = parseOrThrow(z.object({ name: treeName }), input);
      if (!this.cluster(input.clusterId, tx)) throw new NotFoundError('CLUSTER', input.clusterId);
      assertSystemAdministrator(actor, this.resolveScope({ type: 'CLUSTER', id: input.clusterId }, tx), 'CLUSTER', input.clusterId);
      this.assertDepartmentNameFree(tx, input.clusterId, name);
      const row = { id: randomUUID(), clusterId: input.clusterId, name, createdAt: this.deps.now() };
      tx.insert(departments).values(row).run();
      return { result: row, target: { type: 'DEPARTMENT', id: row.id, name } };
    });
  }

  updateDepartment(actor: Actor, input: { id: string; name: string }): Department {
    return runMutation(this.deps, actor, 'department.update', { type: 'DEPARTMENT', id: input.id }, (tx) => {
      const department = this.department(input.id, tx);
      if (!department) throw new NotFoundError('DEPARTMENT', input.id);
      assertSystemAdministrator(actor, this.resolveScope({ type: 'DEPARTMENT', id: department.id }, tx), 'DEPARTMENT', input.id);
      const { name } = parseOrThrow(z.object({ name: treeName }), input);
      this.assertDepartmentNameFree(tx, department.clusterId, name, department.id);
      tx.update(departments).set({ name }).where(eq(departments.id, department.id)).run();
      return { result: { ...department, name }, target: { type: 'DEPARTMENT', id: department.id, name } };
    });
  }

  deleteDepartment(actor: Actor, input: { id: string }): Department {
    return runMutation(this.deps, actor, 'department.delete', { type: 'DEPARTMENT', id: input.id }, (tx) => {
      const department = this.department(input.id, tx);
      if (!department) throw new NotFoundError('DEPARTMENT', input.id);
      assertSystemAdministrator(actor, this.resolveScope({ type: 'DEPARTMENT', id: department.id }, tx), 'DEPARTMENT', input.id);
      const contents = this.contentsOf(tx, { type: 'DEPARTMENT', id: department.id });
      if (contents.length > 0) throw new ScopeNotEmptyError('DEPARTMENT', department.name, contents);
      AccessService.deleteRulesOn(tx, { type: 'DEPARTMENT', id: department.id });
      tx.delete(departments).where(eq(departments.id, department.id)).run();
      return { result: department, target: { type: 'DEPARTMENT', id: department.id, name: department.name } };
    });
  }

  createProject(actor: Actor, input: { departmentId: string; name: string; namespace?: string | null }): Project {
    return runMutation(this.deps, actor, 'project.create', { type: 'PROJECT', name: input.name }, (tx) => {
      const { name, namespace } = parseOrThrow(
        z.object({ name: projectName, namespace: namespaceName.nullish() }),
        input,
      );
      const department = this.department(input.departmentId, tx);
      if (!department) throw new NotFoundError('DEPARTMENT', input.departmentId);
      assertSystemAdministrator(actor, this.resolveScope({ type: 'DEPARTMENT', id: department.id }, tx), 'DEPARTMENT', input.departmentId);
      const row = {
        id: randomUUID(),
        departmentId: department.id,
        clusterId: department.clusterId,
        name,
        namespace: namespace ?? defaultNamespaceFor(name),
        createdAt: this.deps.now(),
      };
      if (!namespace) parseOrThrow(z.object({ namespace: namespaceName }), { namespace: row.namespace });
      this.assertProjectFree(tx, row.clusterId, row.name, row.namespace);
      tx.insert(projects).values(row).run();
      const propagate = this.propagation.syncCluster(tx, row.clusterId);
      return {
        result: row,
        target: { type: 'PROJECT', id: row.id, name },
        afterCommit: () => {
          this.deps.events.publish('orgChanged', { kind: 'PROJECT', id: row.id, clusterId: row.clusterId });
          propagate();
        },
      };
    });
  }

  /** Renames a project or moves it to another department of the same cluster. */
  updateProject(actor: Actor, input: { id: string; name?: string | null; departmentId?: string | null }): Project {
    return runMutation(this.deps, actor, 'project.update', { type: 'PROJECT', id: input.id }, (tx) => {
      const project = this.project(input.id, tx);
      if (!project) throw new NotFoundError('PROJECT', input.id);
      assertSystemAdministrator(actor, this.resolveScope({ type: 'PROJECT', id: project.id }, tx), 'PROJECT', input.id);
      const changes: Partial<Project> = {};
      if (input.name != null) {
        changes.name = parseOrThrow(z.object({ name: projectName }), input).name;
        this.assertProjectFree(tx, project.clusterId, changes.name, undefined, project.id);
      }
      if (input.departmentId != null && input.departmentId !== project.departmentId) {
        const department = this.department(input.departmentId, tx);
        if (!department) throw new NotFoundError('DEPARTMENT', input.departmentId);
        if (department.clusterId !== project.clusterId) {
          throw ValidationError.of(['departmentId'], 'a project can only move to a department of its own cluster');
        }
        changes.departmentId = department.id;
      }
      if (Object.keys(changes).length > 0) tx.update(projects).set(changes).where(eq(projects.id, project.id)).run();
      const updated = this.project(project.id, tx)!;
      const propagate = this.propagation.syncCluster(tx, project.clusterId);
      return {
        result: updated,
        target: { type: 'PROJECT', id: project.id, name: updated.name },
        afterCommit: () => {
          this.deps.events.publish('orgChanged', { kind: 'PROJECT', id: project.id, clusterId: project.clusterId });
          propagate();
        },
      };
    });
  }

  deleteProject(actor: Actor, input: { id: string }): Project {
    return runMutation(this.deps, actor, 'project.delete', { type: 'PROJECT', id: input.id }, (tx) => {
      const project = this.project(input.id, tx);
      if (!project) throw new NotFoundError('PROJECT', input.id);
      assertSystemAdministrator(actor, this.resolveScope({ type: 'PROJECT', id: project.id }, tx), 'PROJECT', input.id);
      const contents = this.contentsOf(tx, { type: 'PROJECT', id: project.id });
      if (contents.length > 0) throw new ScopeNotEmptyError('PROJECT', project.name, contents);
      AccessService.deleteRulesOn(tx, { type: 'PROJECT', id: project.id });
      tx.delete(projects).where(eq(projects.id, project.id)).run();
      const propagate = this.propagation.syncCluster(tx, project.clusterId);
      return {
        result: project,
        target: { type: 'PROJECT', id: project.id, name: project.name },
        afterCommit: () => {
          this.deps.events.publish('orgChanged', { kind: 'PROJECT', id: project.id, clusterId: project.clusterId });
          propagate();
        },
      };
    });
  }

  private assertDepartmentNameFree(tx: DbOrTx, clusterId: string, name: string, exceptId?: string): void {
    const clash = tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.clusterId, clusterId), sql`lower(${departments.name}) = lower(${name})`))
      .get();
    if (clash && clash.id !== exceptId) throw new NameTakenError('DEPARTMENT', name);
  }

  private assertProjectFree(tx: DbOrTx, clusterId: string, name: string, namespace?: string, exceptId?: string): void {
    const nameClash = tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.clusterId, clusterId), sql`lower(${projects.name}) = lower(${name})`))
      .get();
    if (nameClash && nameClash.id !== exceptId) throw new NameTakenError('PROJECT', name);
    if (namespace) {
      const nsClash = tx
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.clusterId, clusterId), eq(projects.namespace, namespace)))
        .get();
      if (nsClash && nsClash.id !== exceptId) {
        throw ValidationError.of(['namespace'], `namespace ${namespace} already belongs to another project of this cluster`);
      }
    }
  }

  /** What still lives in a scope: its child scopes and the assets defined at it. */
  private contentsOf(tx: DbOrTx, scope: ScopeRef): string[] {
    const contents: string[] = [];
    const count = (n: number, what: string) => n > 0 && contents.push(`${n} ${what}${n === 1 ? '' : 's'}`);
    if (scope.type === 'CLUSTER') {
      count(tx.select({ id: departments.id }).from(departments).where(eq(departments.clusterId, scope.id)).all().length, 'department');
    }
    if (scope.type === 'DEPARTMENT') {
      count(tx.select({ id: projects.id }).from(projects).where(eq(projects.departmentId, scope.id)).all().length, 'project');
    }
    for (const [table, what] of [
      [credentials, 'credential'],
      [environments, 'environment'],
      [dataSources, 'data source'],
    ] as const) {
      const rows = tx
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.scopeType, scope.type), inArray(table.scopeId, [scope.id])))
        .all();
      count(rows.length, what);
    }
    return contents;
  }

}

/** A cluster's sealed kubeconfig, when it was registered with one. */
function sealedKubeconfigOf(cluster: Cluster): SealedSecret | null {
  const { kubeconfigKeyId: keyId, kubeconfigNonce: nonce, kubeconfigCiphertext: ciphertext, kubeconfigAuthTag: authTag } = cluster;
  return keyId && nonce && ciphertext && authTag ? { keyId, nonce, ciphertext, authTag } : null;
}
