import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { credentials, dataSources, environments, environmentVariables } from '../../src/db/schema.js';
import type { App } from '../../src/http/app.js';
import type { CredentialType } from '../../src/domain/credential.js';
import type { CredentialPhase } from '../../src/domain/status.js';
import type { ScopeNode, ScopeRef } from '../../src/domain/scope.js';

/** One credential of a table fixture, with the assets that use it (by name, created on first use). */
export interface SeedCredential {
  name: string;
  description?: string | null;
  type?: CredentialType;
  scope: ScopeRef;
  phase?: CredentialPhase;
  createdBy?: string;
  createdAt?: string;
  updatedBy?: string | null;
  updatedAt?: string | null;
  /** Environments using it through a variable. */
  environments?: string[];
  /** Environments using it as their image pull credential (one credential per environment). */
  pullEnvironments?: string[];
  dataSources?: string[];
}

/** The demo organisation's scopes, resolved, by name. */
export function demoScopes(app: App) {
  const tree = app.services.orgTree;
  const cluster = tree.clusters()[0];
  const departments = Object.fromEntries(tree.departments(cluster.id).map((d) => [d.name, d]));
  const projects = Object.fromEntries(tree.projects().map((p) => [p.name, p]));
  const account = tree.account();
  const ref = (type: ScopeRef['type'], id: string): ScopeNode => tree.resolveScope({ type, id });
  return {
    account: ref('ACCOUNT', account.id),
    cluster: ref('CLUSTER', cluster.id),
    research: ref('DEPARTMENT', departments.research.id),
    engineering: ref('DEPARTMENT', departments.engineering.id),
    vision: ref('PROJECT', projects.vision.id),
    language: ref('PROJECT', projects.language.id),
    platform: ref('PROJECT', projects.platform.id),
  };
}

/**
 * Inserts credentials (and the environments and data sources using them) straight into the
 * database in one transaction: thousands of rows in milliseconds. Returns the ids in order.
 */
export function seedCredentials(app: App, rows: SeedCredential[]): string[] {
  const tree = app.services.orgTree;
  const clusterOf = new Map<string, string | null>();
  const clusterIdOf = (scope: ScopeRef) => {
    const key = `${scope.type}:${scope.id}`;
    if (!clusterOf.has(key)) clusterOf.set(key, tree.resolveScope(scope).clusterId);
    return clusterOf.get(key)!;
  };
  const account = tree.account();
  const ids: string[] = [];
  app.db.transaction((tx) => {
    const envIds = new Map<string, string>(
      tx.select({ id: environments.id, name: environments.name }).from(environments).all().map((e) => [e.name, e.id]),
    );
    const positions = new Map<string, number>();
    const environmentId = (name: string) => {
      let id = envIds.get(name);
      if (!id) {
        id = randomUUID();
        tx.insert(environments).values({
          id, name, scopeType: 'ACCOUNT', scopeId: account.id, image: 'busybox', createdBy: 'seed', createdAt: new Date().toISOString(),
        }).run();
        envIds.set(name, id);
      }
      return id;
    };
    const base = Date.parse('2024-01-01T00:00:00.000Z');
    rows.forEach((row, i) => {
      const id = randomUUID();
      ids.push(id);
      const createdAt = row.createdAt ?? new Date(base + i * 60_000).toISOString();
      tx.insert(credentials).values({
        id,
        name: row.name,
        description: row.description ?? null,
        type: row.type ?? 'PASSWORD',
        scopeType: row.scope.type,
        scopeId: row.scope.id,
        clusterId: clusterIdOf(row.scope),
        kubernetesName: `${row.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'c'}-${id.slice(0, 8)}`,
        origin: 'MANAGED',
        keys: ['username', 'password'],
        phase: row.phase ?? 'READY',
        statusUpdatedAt: createdAt,
        createdBy: row.createdBy ?? 'builtin-admin',
        createdAt,
        updatedBy: row.updatedBy ?? null,
        updatedAt: row.updatedAt ?? null,
      }).run();
      for (const name of row.environments ?? []) {
        const environment = environmentId(name);
        const position = positions.get(environment) ?? 0;
        positions.set(environment, position + 1);
        tx.insert(environmentVariables).values({ environmentId: environment, position, name: `V${position}`, credentialId: id, credentialKey: 'password' }).run();
      }
      for (const name of row.pullEnvironments ?? []) {
        tx.update(environments).set({ imagePullCredentialId: id }).where(sql`${environments.id} = ${environmentId(name)}`).run();
      }
      for (const name of row.dataSources ?? []) {
        tx.insert(dataSources).values({
          id: randomUUID(), kind: 'S3', name, scopeType: 'ACCOUNT', scopeId: account.id, credentialId: id,
          settings: { bucket: 'b' }, createdBy: 'seed', createdAt: createdAt,
        }).run();
      }
    });
  });
  return ids;
}

/** What the table shows of a credential, as a plain record tests sort and filter with JavaScript. */
export interface CredentialModel {
  id: string;
  name: string;
  description: string;
  kubernetesName: string;
  createdBy: string;
  environment: string[];
  dataSource: string[];
  scopeName: string;
  clusterName: string;
  type: string;
  phase: string;
  scopeType: string;
  createdAt: string;
  /** As the "Last updated" and "Updated by" columns show them: the creation's when never changed. */
  lastUpdatedAt: string;
  lastUpdatedBy: string;
}

export function modelsOf(app: App, fixture: SeedCredential[], ids: string[]): CredentialModel[] {
  const rows = new Map(app.services.credentials.getMany(ids).map((r) => [r.id, r]));
  const accountName = app.services.orgTree.account().name;
  return fixture.map((f, i) => {
    const row = rows.get(ids[i])!;
    return {
      id: ids[i],
      name: f.name,
      description: f.description ?? '',
      kubernetesName: row.kubernetesName,
      createdBy: row.createdBy,
      environment: [...(f.environments ?? []), ...(f.pullEnvironments ?? [])],
      dataSource: f.dataSources ?? [],
      scopeName: f.scope.type === 'ACCOUNT' ? accountName : (f.scope as ScopeNode).name,
      clusterName: f.scope.type === 'ACCOUNT' ? '' : app.services.orgTree.clusters()[0].name,
      type: row.type,
      phase: row.phase,
      scopeType: row.scopeType,
      createdAt: row.createdAt,
      lastUpdatedAt: row.updatedAt ?? row.createdAt,
      lastUpdatedBy: row.updatedBy ?? row.createdBy,
    };
  });
}
