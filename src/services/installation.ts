import { randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { clusters, installationSettings } from '../db/schema.js';

const INSTALLATION_ID = 'installation_id';

/**
 * This installation's id: made at its first start, kept in its database, written into every
 * Secret it owns (docs/ownership.md). A new (or emptied) database is a new installation, so it
 * never takes over the Secrets an earlier one left in a cluster.
 */
export function installationId(db: Db): string {
  const found = db.select({ value: installationSettings.value }).from(installationSettings).where(eq(installationSettings.key, INSTALLATION_ID)).get();
  if (found) return found.value;
  db.insert(installationSettings).values({ key: INSTALLATION_ID, value: randomUUID() }).onConflictDoNothing().run();
  return db.select({ value: installationSettings.value }).from(installationSettings).where(eq(installationSettings.key, INSTALLATION_ID)).get()!.value;
}

export type IdentityClaim = { ok: true; changed: boolean; previous: string | null } | { ok: false; registeredAs: { id: string; name: string } };

/**
 * Records that a cluster row reaches the cluster whose kube-system namespace has `uid`. The same
 * cluster cannot be registered twice: when another row holds the uid already, the claim fails and
 * names it. Reconnecting to a rebuilt cluster (a new uid no other row holds) moves the row to it.
 */
export function claimClusterIdentity(db: Db, clusterId: string, uid: string): IdentityClaim {
  return db.transaction((tx) => {
    const holder = tx.select({ id: clusters.id, name: clusters.name }).from(clusters)
      .where(and(eq(clusters.kubeSystemUid, uid), ne(clusters.id, clusterId))).get();
    if (holder) return { ok: false, registeredAs: holder };
    const row = tx.select({ uid: clusters.kubeSystemUid }).from(clusters).where(eq(clusters.id, clusterId)).get();
    if (!row) return { ok: true, changed: false, previous: null };
    if (row.uid === uid) return { ok: true, changed: false, previous: uid };
    tx.update(clusters).set({ kubeSystemUid: uid }).where(eq(clusters.id, clusterId)).run();
    return { ok: true, changed: true, previous: row.uid };
  });
}
