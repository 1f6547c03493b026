import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { accessRules, apiTokens, departments, projects, users } from '../db/schema.js';
import {
  canChange,
  canView,
  permissionsAt,
  ruleProblem,
  subjectOf,
  TOKEN_PREFIX,
  visibleScopes,
  type AssetAction,
  type Grant,
  type Permissions,
  type Role,
} from '../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError, type AssetKind } from '../domain/errors.js';
import type { ScopeNode, ScopeRef } from '../domain/scope.js';
import { parseOrThrow } from '../domain/validation.js';
import { recordFailure, runMutation, type Actor, type ServiceDeps } from './context.js';
import type { OrgTreeService } from './org-tree.js';
import { inBatches } from '../db/batches.js';

export type UserRow = typeof users.$inferSelect;
export type AccessRuleRow = typeof accessRules.$inferSelect;
/** A token as it may be shown: never its hash, never its text. */
export type AccessTokenInfo = Omit<typeof apiTokens.$inferSelect, 'hash'>;

/** A problem with the bootstrap configuration that stops the gateway from starting. */
export class AccessConfigError extends Error {
  override name = 'AccessConfigError';
}

/** Who an OIDC JWT names, once verified. */
export interface OidcIdentity {
  user: string;
  groups: string[];
  expiresAt: string | null;
}

/** The user every bootstrap token belongs to. */
export const BOOTSTRAP_USER = 'admin';
/** How long an authenticated caller is remembered; any change to users, rules, tokens or the tree forgets them at once. */
const ACTOR_CACHE_MS = 5_000;
const ACTOR_CACHE_SIZE = 10_000;
/** last_used_at is written at most this often per token, so reading does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** A configured admin token must be at least this long (a generated one has 32 random bytes). */
const MIN_CONFIGURED_TOKEN = 32;

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const tokenInfo = ({ hash: _hash, ...info }: typeof apiTokens.$inferSelect): AccessTokenInfo => info;

const userName = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\p{L}\p{N}._@+-]+$/u, "may hold letters, digits and . _ @ + - only");
const groupName = z.string({ error: 'is required' }).trim().min(1, 'is required').max(256, 'must be at most 256 characters')
  .regex(/^[^\p{Cc}]+$/u, 'may not hold control characters');
const tokenName = z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters')
  .regex(/^[^\p{Cc}]+$/u, 'may not hold control characters');

/**
 * Who may do what (DESIGN §6): users, access rules and API tokens; authentication of API tokens
 * and of identities an OIDC issuer vouched for; the checks every other service asks.
 */
export class AccessService {
  private readonly revocations = new EventEmitter();
  private readonly actors = new Map<string, { actor: Actor; until: number; touchedAt: number }>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly orgTree: OrgTreeService,
  ) {
    this.revocations.setMaxListeners(0);
    // A moved project or a removed cluster changes the paths of grants.
    deps.events.on('orgChanged', () => this.forget());
  }

  private get db() {
    return this.deps.db;
  }

  /**
   * Makes sure the bootstrap system administrator exists and holds the configured token, or
   * generates one on first start into `<dataDir>/admin-token` (mode 0600). Returns the token
   * only when it was generated now, so that the caller prints it once.
   */
  bootstrap(options: { adminToken?: string; dataDir: string }): { generatedToken: string | null; tokenFile: string | null } {
    const admin = this.ensureBootstrapUser();
    if (options.adminToken !== undefined) {
      if (options.adminToken.trim().length < MIN_CONFIGURED_TOKEN) {
        throw new AccessConfigError(`CREDGATE_ADMIN_TOKEN must be at least ${MIN_CONFIGURED_TOKEN} characters (for example \`openssl rand -base64 32\`)`);
      }
      this.ensureBootstrapToken(admin, options.adminToken.trim());
      return { generatedToken: null, tokenFile: null };
    }
    const file = join(options.dataDir, 'admin-token');
    if (existsSync(file)) {
      this.ensureBootstrapToken(admin, readFileSync(file, 'utf8').trim());
      return { generatedToken: null, tokenFile: file };
    }
    const token = newTokenText();
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    this.ensureBootstrapToken(admin, token);
    return { generatedToken: token, tokenFile: file };
  }

  private ensureBootstrapUser(): UserRow {
    const existing = this.db.select().from(users).where(and(eq(users.kind, 'LOCAL'), sql`lower(${users.name}) = ${BOOTSTRAP_USER}`)).get();
    if (existing) return existing;
    const now = this.deps.now();
    const user: UserRow = { id: randomUUID(), name: BOOTSTRAP_USER, kind: 'LOCAL', disabledAt: null, createdBy: 'bootstrap', createdAt: now };
    this.db.transaction((tx) => {
      tx.insert(users).values(user).run();
      tx.insert(accessRules).values({
        id: randomUUID(), subjectType: 'USER', subject: user.id, role: 'SYSTEM_ADMINISTRATOR',
        scopeType: 'ACCOUNT', scopeId: this.orgTree.account().id, createdBy: 'bootstrap', createdAt: now,
      }).run();
    });
    return user;
  }

  /** A revoked bootstrap token stays revoked: taking it back means a new token, not a restart. */
  private ensureBootstrapToken(admin: UserRow, token: string): void {
    const hash = sha256(token).toString('hex');
    const existing = this.db.select().from(apiTokens).where(eq(apiTokens.hash, hash)).get();
    if (existing) {
      if (existing.revokedAt) this.deps.log.warn('the configured bootstrap admin token was revoked; it stays refused');
      return;
    }
    this.db.insert(apiTokens).values({
      id: randomUUID(), userId: admin.id, name: 'bootstrap', hash, hint: hintOf(token),
      expiresAt: null, revokedAt: null, lastUsedAt: null, createdBy: 'bootstrap', createdAt: this.deps.now(),
    }).run();
  }

  /** The caller an API token stands for, or null when it names no valid token. */
  authenticateToken(token: string): Actor | null {
    const digest = sha256(token);
    const key = `token:${digest.toString('hex')}`;
    const cached = this.remembered(key);
    if (cached) {
      this.touch(key, cached.actor.tokenId!);
      return cached.actor;
    }
    const row = this.db.select({ token: apiTokens, user: users }).from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.hash, digest.toString('hex'))).get();
    // The lookup is by hash; the comparison of what was found is constant-time all the same.
    if (!row || !timingSafeEqual(Buffer.from(row.token.hash, 'hex'), digest)) return null;
    if (row.token.revokedAt || row.user.disabledAt || expired(row.token.expiresAt, this.deps.now())) return null;
    const actor = this.actorOf(row.user, [], { tokenId: row.token.id, expiresAt: row.token.expiresAt });
    this.remember(key, actor, row.token.lastUsedAt);
    this.touch(key, row.token.id);
    return actor;
  }

  /** The caller an OIDC identity stands for: the OIDC user of that name, made on first sign-in. */
  authenticateOidc(identity: OidcIdentity, cacheKey: string): Actor | null {
    const key = `oidc:${cacheKey}`;
    const cached = this.remembered(key);
    if (cached) return cached.actor;
    const find = () => this.db.select().from(users).where(and(eq(users.kind, 'OIDC'), sql`lower(${users.name}) = lower(${identity.user})`)).get();
    let user = find();
    if (!user) {
      this.db.insert(users).values({ id: randomUUID(), name: identity.user, kind: 'OIDC', disabledAt: null, createdBy: 'oidc', createdAt: this.deps.now() })
        .onConflictDoNothing().run();
      user = find()!;
    }
    if (user.disabledAt) return null;
    const actor = this.actorOf(user, identity.groups, { tokenId: null, expiresAt: identity.expiresAt });
    this.remember(key, actor, null);
    return actor;
  }

  /** Whether a caller authenticated earlier may still act (long subscriptions ask on every event). */
  stillValid(actor: Actor): boolean {
    if (actor.builtin) return true;
    if (actor.kind === 'ANONYMOUS') return true;
    if (expired(actor.expiresAt, this.deps.now())) return false;
    const user = this.db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, actor.id)).get();
    if (!user || user.disabledAt) return false;
    if (!actor.tokenId) return true;
    const token = this.db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, actor.tokenId)).get();
    return Boolean(token && !token.revokedAt);
  }

  /** Called when a token is revoked or a user disabled: open subscriptions of theirs end. */
  onRevoked(listener: (revoked: { tokenId?: string; userId?: string }) => void): () => void {
    this.revocations.on('revoked', listener);
    return () => this.revocations.off('revoked', listener);
  }

  /** Whether a revocation concerns an actor. */
  static concerns(revoked: { tokenId?: string; userId?: string }, actor: Actor): boolean {
    return (revoked.tokenId !== undefined && revoked.tokenId === actor.tokenId) || (revoked.userId !== undefined && revoked.userId === actor.id);
  }

  /** What a user may do through rules naming them (not their OIDC groups, which only their token carries). */
  actorForUser(user: UserRow): Actor {
    return this.actorOf(user, [], { tokenId: null, expiresAt: null });
  }

  user(id: string): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  private actorOf(user: UserRow, groups: string[], credential: { tokenId: string | null; expiresAt: string | null }): Actor {
    const subjects = [and(eq(accessRules.subjectType, 'USER'), eq(accessRules.subject, user.id))];
    if (groups.length > 0) subjects.push(and(eq(accessRules.subjectType, 'GROUP'), inArray(accessRules.subject, groups)));
    const rules = this.db.select().from(accessRules).where(or(...subjects)).all();
    const nodes = this.orgTree.resolveScopes(rules.map((r) => ({ type: r.scopeType, id: r.scopeId })));
    // A rule whose scope is gone gives nothing.
    const grants: Grant[] = rules.flatMap((rule, i) => {
      const node = nodes[i];
      return node ? [{ role: rule.role, scope: { type: node.type, id: node.id }, path: node.path.map(({ type, id }) => ({ type, id })) }] : [];
    });
    return { id: user.id, name: user.name, kind: user.kind, groups, ...credential, builtin: false, ...subjectOf(grants) };
  }

  private remembered(key: string) {
    const entry = this.actors.get(key);
    if (!entry) return undefined;
    if (entry.until < Date.now() || expired(entry.actor.expiresAt, this.deps.now())) {
      this.actors.delete(key);
      return undefined;
    }
    return entry;
  }

  private remember(key: string, actor: Actor, lastUsedAt: string | null): void {
    if (this.actors.size >= ACTOR_CACHE_SIZE) this.actors.delete(this.actors.keys().next().value!);
    this.actors.set(key, { actor, until: Date.now() + ACTOR_CACHE_MS, touchedAt: lastUsedAt ? Date.parse(lastUsedAt) : 0 });
  }

  private touch(key: string, tokenId: string): void {
    const entry = this.actors.get(key);
    const now = Date.now();
    if (!entry || now - entry.touchedAt < LAST_USED_RESOLUTION_MS) return;
    entry.touchedAt = now;
    this.db.update(apiTokens).set({ lastUsedAt: new Date(now).toISOString() }).where(eq(apiTokens.id, tokenId)).run();
  }

  /** Forgets every remembered caller: rules, users, tokens or the tree changed. */
  private forget(): void {
    this.actors.clear();
  }

  private revoked(revoked: { tokenId?: string; userId?: string }): void {
    this.forget();
    this.revocations.emit('revoked', revoked);
  }

  // ---- what a caller may do

  permissions(actor: Actor, scope: ScopeRef): Permissions {
    const node = this.orgTree.resolveScopes([scope])[0];
    if (!node || !canView(actor, node)) return permissionsAt({ systemAdministrator: false, grants: [] }, { path: [] });
    return permissionsAt(actor, node);
  }

  /** The rules that apply to a caller: their own and their groups'. */
  rulesOf(actor: Actor): AccessRuleRow[] {
    if (actor.builtin || actor.kind === 'ANONYMOUS') return [];
    const subjects = [and(eq(accessRules.subjectType, 'USER'), eq(accessRules.subject, actor.id))];
    if (actor.groups.length > 0) subjects.push(and(eq(accessRules.subjectType, 'GROUP'), inArray(accessRules.subject, [...actor.groups])));
    return this.db.select().from(accessRules).where(or(...subjects)).orderBy(asc(accessRules.createdAt), asc(accessRules.id)).all();
  }

  /** For queries only system administrators may make (users, rules, the audit log): refused and audited otherwise. */
  requireSystemAdministrator(actor: Actor, action: string): void {
    if (actor.systemAdministrator) return;
    const error = new ForbiddenError('Only a system administrator may do this');
    recordFailure(this.deps, actor, action, { type: 'QUERY' }, error);
    throw error;
  }

  // ---- users

  users(actor: Actor): UserRow[] {
    this.requireSystemAdministrator(actor, 'user.list');
    return this.db.select().from(users).orderBy(asc(users.name), asc(users.id)).all();
  }

  usersByIds(ids: readonly string[]): UserRow[] {
    return inBatches(ids, (batch) => this.db.select().from(users).where(inArray(users.id, batch)).all());
  }

  createUser(actor: Actor, input: { name: string; kind?: string | null }): UserRow {
    return runMutation(this.deps, actor, 'user.create', { type: 'USER', name: String(input.name ?? '') }, (tx) => {
      requireAdmin(actor);
      const { name, kind } = parseOrThrow(z.object({ name: userName, kind: z.enum(['LOCAL', 'OIDC'], { error: 'must be LOCAL or OIDC' }).nullish().transform((k) => k ?? 'LOCAL') }), input);
      if (tx.select({ id: users.id }).from(users).where(and(eq(users.kind, kind), sql`lower(${users.name}) = lower(${name})`)).get()) {
        throw ValidationError.of(['name'], `a ${kind} user named "${name}" exists already`);
      }
      const user: UserRow = { id: randomUUID(), name, kind, disabledAt: null, createdBy: actor.name, createdAt: this.deps.now() };
      tx.insert(users).values(user).run();
      return { result: user, target: { type: 'USER', id: user.id, name } };
    });
  }

  /** A disabled user's tokens and JWTs are refused at once, also on open subscriptions. */
  disableUser(actor: Actor, input: { id: string }): UserRow {
    return runMutation(this.deps, actor, 'user.disable', { type: 'USER', id: input.id }, (tx) => {
      requireAdmin(actor);
      const user = tx.select().from(users).where(eq(users.id, input.id)).get();
      if (!user) throw new NotFoundError('USER', input.id);
      if (user.id === actor.id) throw ValidationError.of(['id'], 'you cannot disable yourself; ask another system administrator');
      const disabled = { ...user, disabledAt: user.disabledAt ?? this.deps.now() };
      tx.update(users).set({ disabledAt: disabled.disabledAt }).where(eq(users.id, user.id)).run();
      return { result: disabled, target: { type: 'USER', id: user.id, name: user.name }, afterCommit: () => this.revoked({ userId: user.id }) };
    });
  }

  // ---- access rules

  accessRules(actor: Actor, filter: { userId?: string | null; group?: string | null; scope?: ScopeRef | null } = {}): AccessRuleRow[] {
    this.requireSystemAdministrator(actor, 'access-rule.list');
    const conditions: (SQL | undefined)[] = [
      filter.userId ? and(eq(accessRules.subjectType, 'USER'), eq(accessRules.subject, filter.userId)) : undefined,
      filter.group ? and(eq(accessRules.subjectType, 'GROUP'), eq(accessRules.subject, filter.group)) : undefined,
      filter.scope ? and(eq(accessRules.scopeType, filter.scope.type), eq(accessRules.scopeId, filter.scope.id)) : undefined,
    ];
    return this.db.select().from(accessRules).where(and(...conditions)).orderBy(asc(accessRules.createdAt), asc(accessRules.id)).all();
  }

  createAccessRule(
    actor: Actor,
    input: { userId?: string | null; group?: string | null; role: Role; scope: ScopeRef },
  ): AccessRuleRow {
    return runMutation(this.deps, actor, 'access-rule.create', { type: 'ACCESS_RULE' }, (tx) => {
      requireAdmin(actor);
      if ((input.userId == null) === (input.group == null)) {
        throw ValidationError.of(['userId'], 'name either a user (userId) or an OIDC group (group)');
      }
      let subject: string;
      if (input.userId != null) {
        if (!tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).get()) throw new NotFoundError('USER', input.userId);
        subject = input.userId;
      } else {
        subject = parseOrThrow(z.object({ group: groupName }), input).group;
      }
      const problem = ruleProblem(input.role, input.scope.type);
      if (problem) throw ValidationError.of(['role'], problem);
      const scope = this.orgTree.resolveScope(input.scope, tx);
      const row: AccessRuleRow = {
        id: randomUUID(), subjectType: input.userId != null ? 'USER' : 'GROUP', subject, role: input.role,
        scopeType: scope.type, scopeId: scope.id, createdBy: actor.name, createdAt: this.deps.now(),
      };
      const clash = tx.select({ id: accessRules.id }).from(accessRules).where(and(
        eq(accessRules.subjectType, row.subjectType), eq(accessRules.subject, row.subject), eq(accessRules.role, row.role),
        eq(accessRules.scopeType, row.scopeType), eq(accessRules.scopeId, row.scopeId),
      )).get();
      if (clash) throw ValidationError.of(['role'], 'this rule exists already');
      tx.insert(accessRules).values(row).run();
      return { result: row, target: { type: 'ACCESS_RULE', id: row.id, name: `${row.role}@${row.scopeType}` }, afterCommit: () => this.forget() };
    });
  }

  deleteAccessRule(actor: Actor, input: { id: string }): AccessRuleRow {
    return runMutation(this.deps, actor, 'access-rule.delete', { type: 'ACCESS_RULE', id: input.id }, (tx) => {
      requireAdmin(actor);
      const rule = tx.select().from(accessRules).where(eq(accessRules.id, input.id)).get();
      if (!rule) throw new NotFoundError('ACCESS_RULE', input.id);
      tx.delete(accessRules).where(eq(accessRules.id, rule.id)).run();
      return { result: rule, target: { type: 'ACCESS_RULE', id: rule.id, name: `${rule.role}@${rule.scopeType}` }, afterCommit: () => this.forget() };
    });
  }

  /** Rules on a scope that is being removed go with it (called in the removal's transaction). */
  static deleteRulesOn(tx: ServiceDeps['db'] | Parameters<Parameters<ServiceDeps['db']['transaction']>[0]>[0], scope: ScopeRef): void {
    tx.delete(accessRules).where(and(eq(accessRules.scopeType, scope.type), eq(accessRules.scopeId, scope.id))).run();
  }

  // ---- API tokens

  /** A system administrator makes a token for any user; its text is returned here only, once. */
  createAccessToken(actor: Actor, input: { userId: string; name: string; expiresAt?: Date | string | null }): { token: AccessTokenInfo; secret: string } {
    return runMutation(this.deps, actor, 'access-token.create', { type: 'ACCESS_TOKEN', name: String(input.name ?? '') }, (tx) => {
      requireAdmin(actor);
      const { name } = parseOrThrow(z.object({ name: tokenName }), input);
      const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
      if (!user) throw new NotFoundError('USER', input.userId);
      let expiresAt: string | null = null;
      if (input.expiresAt != null) {
        const at = new Date(input.expiresAt);
        if (Number.isNaN(at.getTime()) || at.getTime() <= Date.parse(this.deps.now())) throw ValidationError.of(['expiresAt'], 'must be in the future');
        expiresAt = at.toISOString();
      }
      const secret = newTokenText();
      const row = {
        id: randomUUID(), userId: user.id, name, hash: sha256(secret).toString('hex'), hint: hintOf(secret),
        expiresAt, revokedAt: null, lastUsedAt: null, createdBy: actor.name, createdAt: this.deps.now(),
      };
      tx.insert(apiTokens).values(row).run();
      return { result: { token: tokenInfo(row), secret }, target: { type: 'ACCESS_TOKEN', id: row.id, name } };
    });
  }

  /** A user's tokens: everyone may list their own, a system administrator anyone's. */
  accessTokens(actor: Actor, input: { userId?: string | null } = {}): AccessTokenInfo[] {
    const userId = input.userId ?? actor.id;
    if (userId !== actor.id) this.requireSystemAdministrator(actor, 'access-token.list');
    return this.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt), asc(apiTokens.id)).all().map(tokenInfo);
  }

  tokensByIds(ids: readonly string[]): AccessTokenInfo[] {
    return inBatches(ids, (batch) => this.db.select().from(apiTokens).where(inArray(apiTokens.id, batch)).all()).map(tokenInfo);
  }

  /** Revoking someone else's token without being a system administrator: it does not exist for you. */
  revokeAccessToken(actor: Actor, input: { id: string }): AccessTokenInfo {
    return runMutation(this.deps, actor, 'access-token.revoke', { type: 'ACCESS_TOKEN', id: input.id }, (tx) => {
      const token = tx.select().from(apiTokens).where(eq(apiTokens.id, input.id)).get();
      if (!token || (token.userId !== actor.id && !actor.systemAdministrator)) throw new NotFoundError('ACCESS_TOKEN', input.id);
      const revokedAt = token.revokedAt ?? this.deps.now();
      tx.update(apiTokens).set({ revokedAt }).where(eq(apiTokens.id, token.id)).run();
      return {
        result: tokenInfo({ ...token, revokedAt }),
        target: { type: 'ACCESS_TOKEN', id: token.id, name: token.name },
        afterCommit: () => this.revoked({ tokenId: token.id }),
      };
    });
  }
}

function newTokenText(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Enough of a token to tell it apart from the user's others; far too little to guess it. */
function hintOf(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 4)}…`;
}

function expired(expiresAt: string | null, now: string): boolean {
  return expiresAt !== null && expiresAt <= now;
}

function requireAdmin(actor: Actor): void {
  if (!actor.systemAdministrator) throw new ForbiddenError('Only a system administrator may do this');
}

/** Refuses a change at a scope: NotFoundError when the caller cannot see what they name there, ForbiddenError when they can. */
export function assertMayChange(actor: Actor, scope: ScopeNode, action: Exclude<AssetAction, 'view'>, kind: AssetKind | 'SCOPE', id: string): void {
  if (!canView(actor, scope)) throw new NotFoundError(kind, id);
  if (!canChange(actor, scope, action)) {
    throw new ForbiddenError(`You may not ${action} ${action === 'create' ? 'anything in' : 'what lives in'} the ${scope.type.toLowerCase()} "${scope.name}"; ask an administrator for a role that allows it`);
  }
}

/** Only system administrators change the org tree and clusters; what they cannot see does not exist for others. */
export function assertSystemAdministrator(actor: Actor, scope: ScopeNode | undefined, kind: AssetKind | 'SCOPE', id: string): void {
  if (actor.systemAdministrator) return;
  if (scope && !canView(actor, scope)) throw new NotFoundError(kind, id);
  throw new ForbiddenError('Only a system administrator may change the organisational tree and clusters');
}

export function mayView(actor: Actor | undefined, scope: ScopeNode): boolean {
  return actor === undefined || canView(actor, scope);
}

/**
 * The SQL form of what a caller sees, for rows with a scope: undefined when they see everything
 * (or no caller is given: the gateway's own reads). The same decision as `canView`.
 */
export function visibleScopeCondition(
  actor: Actor | undefined,
  columns: { scopeType: SQLiteColumn; scopeId: SQLiteColumn; clusterId?: SQLiteColumn },
): SQL | undefined {
  if (!actor) return undefined;
  const visible = visibleScopes(actor);
  if (visible.everything) return undefined;
  const { scopeType, scopeId, clusterId } = columns;
  const ids = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
  const alternatives: SQL[] = [];
  for (const type of ['ACCOUNT', 'CLUSTER', 'DEPARTMENT', 'PROJECT'] as const) {
    const exact = visible.exact.filter((s) => s.type === type).map((s) => s.id);
    if (exact.length > 0) alternatives.push(sql`(${scopeType} = ${type} and ${scopeId} in (${ids(exact)}))`);
  }
  if (visible.clusters.length > 0) {
    if (clusterId) alternatives.push(sql`${clusterId} in (${ids(visible.clusters)})`);
    else {
      alternatives.push(sql`(${scopeType} = 'CLUSTER' and ${scopeId} in (${ids(visible.clusters)}))`);
      alternatives.push(sql`(${scopeType} = 'DEPARTMENT' and ${scopeId} in (select ${departments.id} from ${departments} where ${departments.clusterId} in (${ids(visible.clusters)})))`);
      alternatives.push(sql`(${scopeType} = 'PROJECT' and ${scopeId} in (select ${projects.id} from ${projects} where ${projects.clusterId} in (${ids(visible.clusters)})))`);
    }
  }
  if (visible.departments.length > 0) {
    alternatives.push(sql`(${scopeType} = 'DEPARTMENT' and ${scopeId} in (${ids(visible.departments)}))`);
    alternatives.push(sql`(${scopeType} = 'PROJECT' and ${scopeId} in (select ${projects.id} from ${projects} where ${projects.departmentId} in (${ids(visible.departments)})))`);
  }
  return alternatives.length === 0 ? sql`0` : sql`(${sql.join(alternatives, sql` or `)})`;
}

/** Whether a caller sees every scope (a system administrator, or a rule at the account); no caller: the gateway itself. */
export function seesEverything(actor: Actor | undefined): boolean {
  return actor === undefined || visibleScopes(actor).everything;
}

/** The NotFoundError kind of a scope: what a caller is told when they name one they cannot see. */
export function scopeKindOf(scope: ScopeRef): AssetKind | 'SCOPE' {
  return scope.type === 'ACCOUNT' ? 'SCOPE' : scope.type;
}
