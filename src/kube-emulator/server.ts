// The HTTP side: authentication, routing to the registry, lists, watch streams and faults.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { selfSignedCertificate } from './cert.js';
import type { Logger } from 'pino';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, failure, methodNotAllowed, pathNotFound, statusForCode, unauthorized, type Status, invalid, fieldInvalid, fieldForbidden } from './status.js';
import { KINDS, Store, type Entry, type EventType, type Resource, type StoreEvent, type Watcher, matches } from './store.js';
import { Registry, type WriteOptions, type WriteResult } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { API_GROUP_LIST, CORE_V1_RESOURCES, apiVersions, table, versionDocument, type IncludeObject, type ServerVersion } from './discovery.js';
import { goJsonError } from './validation.js';
import { decodeProtobuf } from './proto.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface FailRule {
  verb?: Verb;
  resource?: Resource;
  count: number;
  status: number;
  message?: string;
}

const FIELD_LABELS: Record<Resource, readonly string[]> = {
  secrets: ['metadata.name', 'metadata.namespace', 'type'],
  namespaces: ['metadata.name', 'status.phase'],
};

const PATCH_TYPES = new Set([
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);

interface Route {
  resource: Resource;
  namespace?: string;
  name?: string;
  legacyWatch: boolean;
}

type Query = URLSearchParams;

/** A watch stream bigger than this is a client that stopped reading: the apiserver drops it too. */
const MAX_WATCH_BACKLOG = 32 * 1024 * 1024;

export interface ServerState {
  latencyMs: number;
  failRules: FailRule[];
  requests: number;
  /** How long a watch from a resourceVersion the store has not reached waits for it (kube-apiserver: 3 s). */
  tooLargeWaitMs: number;
}

export class EmulatorServer {
  readonly state: ServerState = { latencyMs: 0, failRules: [], requests: 0, tooLargeWaitMs: 3000 };
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<ServerResponse>();
  private readonly watchTimers = new Set<NodeJS.Timeout>();
  private bookmarkTimer?: NodeJS.Timeout;
  private readonly bookmarkListeners = new Set<() => void>();
  port = 0;

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly token: string,
    private readonly version: ServerVersion,
    private readonly logger: Logger,
    bookmarkIntervalMs: number,
  ) {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((err: unknown) => {
        this.logger.error({ err }, 'request failed');
        if (!res.headersSent) this.sendStatus(res, failure(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`));
        else res.destroy();
      });
    };
    const http = createHttpServer({ keepAliveTimeout: 65_000 }, handler);
    const tls = selfSignedCertificate('credgate-kube-emulator', ['localhost'], ['127.0.0.1']);
    const https = createHttpsServer({ key: tls.key, cert: tls.cert, keepAliveTimeout: 65_000 }, handler);
    // One port for both: a TLS ClientHello starts with 0x16, a plain HTTP request with a method name.
    this.server = createNetServer((socket: Socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.once('data', (chunk: Buffer) => {
        socket.pause();
        socket.unshift(chunk);
        (chunk[0] === 0x16 ? https : http).emit('connection', socket);
        process.nextTick(() => socket.resume());
      });
    });
    if (bookmarkIntervalMs > 0) {
      this.bookmarkTimer = setInterval(() => this.sendBookmarks(), bookmarkIntervalMs);
      this.bookmarkTimer.unref();
    }
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        resolve(this.port);
      });
    });
  }

  /** Stops listening and cuts every connection, watches included. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.dropWatches();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  shutdown(): void {
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer);
    for (const t of this.watchTimers) clearTimeout(t);
  }

  dropWatches(): void {
    for (const res of this.watches) res.socket?.destroy();
    this.watches.clear();
  }

  sendBookmarks(): void {
    for (const send of this.bookmarkListeners) send();
  }

  openWatches(): number {
    return this.watches.size;
  }

  private sendJson(res: ServerResponse, code: number, body: string, warnings: string[] = []): void {
    const headers: Record<string, string | string[]> = {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Content-Length': String(Buffer.byteLength(body)),
    };
    if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    res.writeHead(code, headers);
    res.end(body);
  }

  private sendStatus(res: ServerResponse, status: Status): void {
    const headers: Record<string, string> = {};
    if (status.details?.retryAfterSeconds) headers['Retry-After'] = String(status.details.retryAfterSeconds);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    this.sendJson(res, status.code, JSON.stringify(status));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.state.requests += 1;
    if (this.state.latencyMs > 0) await new Promise((r) => setTimeout(r, this.state.latencyMs));
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';

    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      this.sendStatus(res, unauthorized());
      return;
    }
    try {
      const body = await this.route(req, res, method, path, url.searchParams);
      if (body) this.sendJson(res, body.code, body.body, body.warnings);
    } catch (err) {
      if (err instanceof ApiError) this.sendStatus(res, err.status);
      else throw err;
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, method: string, path: string, query: Query): Promise<WriteResult | undefined> {
    switch (path) {
      case '/version':
        return ok(versionDocument(this.version));
      case '/api':
        return ok(apiVersions(`${req.socket.localAddress ?? '127.0.0.1'}:${this.port}`));
      case '/apis':
        return ok(API_GROUP_LIST);
      case '/api/v1':
        return ok(CORE_V1_RESOURCES);
      default:
        break;
    }
    const route = parseRoute(path);
    if (!route) throw pathNotFound();
    const verb = verbOf(method, route, query);
    if (!verb) throw methodNotAllowed();
    this.injectFault(verb, route);
    const resource = route.resource;
    const accept = req.headers.accept ?? '';
    switch (verb) {
      case 'list':
        return this.list(route, query, accept);
      case 'watch':
        await this.catchUp(query.get('resourceVersion'));
        this.watch(req, res, route, query, accept);
        return undefined;
      case 'get': {
        const entry = resource === 'secrets' ? this.registry.readSecret(route.namespace as string, route.name as string) : this.registry.readNamespace(route.name as string);
        if (wantsTable(accept)) {
          return { code: 200, body: table(KINDS[resource].kind as 'Secret', [entry], { resourceVersion: entry.object.metadata.resourceVersion }, includeObject(query)), warnings: [] };
        }
        if (wantsMetadata(accept)) return ok({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: entry.object.metadata });
        return { code: 200, body: entry.json, warnings: [] };
      }
      case 'create': {
        const options = writeOptions(req, query);
        const body = await readBody(req, KINDS[resource].kind);
        return resource === 'secrets'
          ? this.registry.createSecret(route.namespace as string, body, options)
          : this.registry.createNamespace(body, options);
      }
      case 'update': {
        const options = writeOptions(req, query);
        const body = await readBody(req, KINDS[resource].kind);
        return resource === 'secrets'
          ? this.registry.replaceSecret(route.namespace as string, route.name as string, body, options)
          : this.registry.replaceNamespace(route.name as string, body, options);
      }
      case 'patch': {
        const options = writeOptions(req, query);
        const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
        if (!PATCH_TYPES.has(contentType)) {
          throw new ApiError(failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`));
        }
        const text = await readText(req);
        return resource === 'secrets'
          ? this.registry.patchSecret(route.namespace as string, route.name as string, contentType, text, options)
          : this.registry.patchNamespace(route.name as string, contentType, text, options);
      }
      case 'delete': {
        const options = writeOptions(req, query);
        const deleteOptions = await readDeleteOptions(req, query);
        if (deleteOptions.dryRun) options.dryRun = true;
        return resource === 'secrets'
          ? this.registry.deleteSecret(route.namespace as string, route.name as string, deleteOptions, options)
          : this.registry.deleteNamespace(route.name as string, deleteOptions, options);
      }
      case 'deletecollection': {
        const options = writeOptions(req, query);
        const deleteOptions = await readDeleteOptions(req, query);
        if (deleteOptions.dryRun) options.dryRun = true;
        const label = parseLabelSelector(query.get('labelSelector') ?? undefined);
        const field = parseFieldSelector(query.get('fieldSelector') ?? undefined, FIELD_LABELS.secrets);
        const { entries } = this.store.list('secrets', { namespace: route.namespace, label, field });
        const deleted = this.registry.deleteSecrets(entries, options);
        return {
          code: 200,
          body: `{"kind":"SecretList","apiVersion":"v1","metadata":{"resourceVersion":"${this.store.resourceVersion}"},"items":[${deleted.map((e) => e.itemJson).join(',')}]}`,
          warnings: [],
        };
      }
    }
  }

  private injectFault(verb: Verb, route: Route): void {
    const rule = this.state.failRules.find((r) => r.count > 0 && (!r.verb || r.verb === verb) && (!r.resource || r.resource === route.resource));
    if (!rule) return;
    rule.count -= 1;
    if (rule.count === 0) this.state.failRules = this.state.failRules.filter((r) => r !== rule);
    throw new ApiError(statusForCode(rule.status, route.resource, route.name ?? '', rule.message));
  }

  private list(route: Route, query: Query, accept: string): WriteResult {
    const { resource } = route;
    const label = parseLabelSelector(query.get('labelSelector') ?? undefined);
    const field = parseFieldSelector(query.get('fieldSelector') ?? undefined, FIELD_LABELS[resource]);
    const limitText = query.get('limit');
    const limit = limitText ? Number.parseInt(limitText, 10) : undefined;
    const continueToken = query.get('continue') ?? undefined;
    checkListResourceVersion(query, this.store.resourceVersion, continueToken);
    const result = this.store.list(resource, { namespace: route.namespace, label, field, limit, continueToken });
    const meta: Record<string, unknown> = { resourceVersion: String(result.rv) };
    if (result.continueToken) meta.continue = result.continueToken;
    if (result.remainingItemCount !== undefined) meta.remainingItemCount = result.remainingItemCount;
    if (wantsTable(accept)) return { code: 200, body: table(KINDS[resource].kind as 'Secret', result.entries, meta, includeObject(query)), warnings: [] };
    if (wantsMetadata(accept)) {
      return ok({
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: meta,
        items: result.entries.map((e) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: e.object.metadata })),
      });
    }
    const items = result.entries.map((e) => e.itemJson).join(',');
    return { code: 200, body: `{"kind":"${KINDS[resource].listKind}","apiVersion":"v1","metadata":${JSON.stringify(meta)},"items":[${items}]}`, warnings: [] };
  }

  /**
   * A watch from a resourceVersion newer than the store holds (a client that saw a cluster this
   * one is not, e.g. before a restore) waits up to 3 s for the store to get there, then fails as
   * kube-apiserver's watch cache does (storage.NewTooLargeResourceVersionError): 504 Timeout,
   * "Too large resource version", a ResourceVersionTooLarge cause and Retry-After 1. A client
   * that lists again recovers; one that retries the same version keeps getting it.
   */
  private async catchUp(rvText: string | null): Promise<void> {
    const rv = Number(rvText);
    if (!rvText || !Number.isInteger(rv) || rv <= this.store.resourceVersion) return;
    const deadline = Date.now() + this.state.tooLargeWaitMs;
    while (rv > this.store.resourceVersion && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    if (rv <= this.store.resourceVersion) return;
    throw new ApiError(failure(504, 'Timeout', `Too large resource version: ${rv}, current: ${this.store.resourceVersion}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }));
  }

  private watch(req: IncomingMessage, res: ServerResponse, route: Route, query: Query, accept: string): void {
    const { resource } = route;
    const label = parseLabelSelector(query.get('labelSelector') ?? undefined);
    const pinnedName = route.name;
    let fieldSelector = query.get('fieldSelector') ?? undefined;
    if (pinnedName) fieldSelector = [fieldSelector, `metadata.name=${pinnedName}`].filter(Boolean).join(',');
    const field = parseFieldSelector(fieldSelector, FIELD_LABELS[resource]);
    const rvText = query.get('resourceVersion') ?? '';
    const allowBookmarks = query.get('allowWatchBookmarks') === 'true';
    const sendInitialEventsText = query.get('sendInitialEvents');
    const sendInitial = sendInitialEventsText === 'true';
    if (sendInitialEventsText !== null) {
      const errors = [];
      if (query.get('resourceVersionMatch') !== 'NotOlderThan') {
        errors.push(fieldForbidden('resourceVersionMatch', "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
      }
      if (sendInitial && !allowBookmarks) errors.push(fieldForbidden('allowWatchBookmarks', 'allowWatchBookmarks must be set to true when sendInitialEvents is set to true'));
      if (errors.length) throw invalid('ListOptions', '', errors, 'meta.k8s.io');
    }
    let rv: number | undefined;
    if (rvText !== '' && rvText !== '0') {
      rv = Number(rvText);
      if (!Number.isInteger(rv) || rv < 0) throw invalid('ListOptions', '', [fieldInvalid('resourceVersion', rvText, 'must be a valid resource version')], 'meta.k8s.io');
    }
    const table = wantsTable(accept);
    const include = includeObject(query);
    const kind = KINDS[resource].kind as 'Secret' | 'Namespace';
    let firstTableEvent = true;
    const encode = (type: EventType, entry: Entry, event?: StoreEvent): string => {
      if (!table) return event ? event.line(type, entry) : `{"type":"${type}","object":${entry.json}}\n`;
      const body = tableLine(type, kind, entry, include, firstTableEvent);
      firstTableEvent = false;
      return body;
    };

    const timeoutSeconds = Number.parseInt(query.get('timeoutSeconds') ?? '', 10);
    const timeoutMs = Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : (1800 + Math.random() * 1800) * 1000;

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    this.watches.add(res);
    let corked = false;
    const write = (line: string): void => {
      if (res.writableEnded || res.destroyed) return;
      if (res.writableLength > MAX_WATCH_BACKLOG) {
        this.logger.warn('dropping an unresponsive watch');
        res.destroy();
        return;
      }
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(() => {
          corked = false;
          res.uncork();
        });
      }
      res.write(line);
    };

    const filter = { resource, namespace: route.namespace, label, field };
    const bookmark = (annotations?: Record<string, string>): void => {
      const metadata: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion), creationTimestamp: null };
      if (annotations) metadata.annotations = annotations;
      const object = resource === 'secrets' ? { kind, apiVersion: 'v1', metadata } : { kind, apiVersion: 'v1', metadata, spec: {}, status: {} };
      write(`{"type":"BOOKMARK","object":${JSON.stringify(object)}}\n`);
    };

    if (rv === undefined) {
      if (sendInitialEventsText === null || sendInitial) {
        const { entries } = this.store.list(resource, { namespace: route.namespace, label, field });
        for (const entry of entries) write(encode('ADDED', entry));
      }
      if (sendInitial && allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
    } else {
      let backlog;
      try {
        backlog = this.store.eventsSince(rv, filter);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        write(`{"type":"ERROR","object":${JSON.stringify(err.status)}}\n`);
        this.watches.delete(res);
        res.end();
        return;
      }
      if (sendInitial) {
        const { entries } = this.store.list(resource, { namespace: route.namespace, label, field });
        for (const entry of entries) write(encode('ADDED', entry));
        if (allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
      } else {
        for (const { event, type, entry } of backlog) write(encode(type, entry, event));
      }
    }

    const watcher: Watcher = { ...filter, deliver: (event, type, entry) => write(encode(type, entry, event)) };
    const unsubscribe = this.store.addWatcher(watcher);
    const sendBookmark = (): void => bookmark();
    if (allowBookmarks) this.bookmarkListeners.add(sendBookmark);
    const timer = setTimeout(() => {
      if (allowBookmarks) bookmark();
      res.end();
    }, timeoutMs);
    this.watchTimers.add(timer);
    let cleaned = false;
    const cleanup = (): void => {
      if (cleaned) return;
      cleaned = true;
      unsubscribe();
      clearTimeout(timer);
      this.watchTimers.delete(timer);
      this.bookmarkListeners.delete(sendBookmark);
      this.watches.delete(res);
    };
    res.on('close', cleanup);
    res.on('finish', cleanup);
    req.on('close', () => {
      if (!res.writableEnded) res.end();
      cleanup();
    });
  }
}

function tableLine(type: EventType, kind: 'Secret' | 'Namespace', entry: Entry, include: IncludeObject, withColumns: boolean): string {
  return `{"type":"${type}","object":${table(kind, [entry], { resourceVersion: entry.object.metadata.resourceVersion }, include, withColumns)}}\n`;
}

function ok(value: unknown): WriteResult {
  return { code: 200, body: JSON.stringify(value), warnings: [] };
}

function wantsTable(accept: string): boolean {
  return accept.includes('as=Table');
}

function wantsMetadata(accept: string): boolean {
  return !wantsTable(accept) && accept.includes('as=PartialObjectMetadata');
}

function includeObject(query: Query): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function parseRoute(path: string): Route | undefined {
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  if (parts[0] !== 'api' || parts[1] !== 'v1') return undefined;
  let rest = parts.slice(2);
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'secrets' && rest.length === 1) return { resource: 'secrets', legacyWatch };
  if (rest[0] !== 'namespaces') return undefined;
  if (rest.length === 1) return { resource: 'namespaces', legacyWatch };
  if (rest.length === 2) return { resource: 'namespaces', name: rest[1], legacyWatch };
  if (rest[2] !== 'secrets') return undefined;
  if (rest.length === 3) return { resource: 'secrets', namespace: rest[1], legacyWatch };
  if (rest.length === 4) return { resource: 'secrets', namespace: rest[1], name: rest[3], legacyWatch };
  return undefined;
}

function verbOf(method: string, route: Route, query: Query): Verb | undefined {
  const collection = route.name === undefined;
  const watch = route.legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';
  if (route.legacyWatch && method !== 'GET') return undefined;
  switch (method) {
    case 'GET':
      if (watch) return 'watch';
      return collection ? 'list' : 'get';
    case 'POST':
      if (!collection) return undefined;
      if (route.resource === 'secrets' && route.namespace === undefined) return undefined;
      return 'create';
    case 'PUT':
      return collection ? undefined : 'update';
    case 'PATCH':
      return collection ? undefined : 'patch';
    case 'DELETE':
      if (!collection) return 'delete';
      return route.resource === 'secrets' && route.namespace !== undefined ? 'deletecollection' : undefined;
    default:
      return undefined;
  }
}

function checkListResourceVersion(query: Query, current: number, continueToken: string | undefined): void {
  const rvText = query.get('resourceVersion');
  const match = query.get('resourceVersionMatch');
  if (continueToken && rvText) {
    throw invalid('ListOptions', '', [fieldForbidden('resourceVersion', 'specifying resource version is not allowed when using continue')], 'meta.k8s.io');
  }
  if (match && !rvText) {
    throw invalid('ListOptions', '', [fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided')], 'meta.k8s.io');
  }
  if (!rvText || rvText === '0') return;
  const rv = Number(rvText);
  if (!Number.isInteger(rv)) throw invalid('ListOptions', '', [fieldInvalid('resourceVersion', rvText, 'must be a valid resource version')], 'meta.k8s.io');
  if (rv > current) {
    throw new ApiError(failure(504, 'Timeout', `Too large resource version: ${rv}, current: ${current}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 }));
  }
}

function writeOptions(req: IncomingMessage, query: Query): WriteOptions {
  const dryRun = query.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw badRequest(`Invalid dry run value: ${d}`);
  const validation = query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(validation)) {
    throw badRequest(`fieldValidation parameter unsupported: ${validation}. Must be one of [Ignore Warn Strict]`);
  }
  const fieldManager = query.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) {
    throw invalid('PatchOptions', '', [fieldInvalid('fieldManager', fieldManager, 'must be no more than 128 characters')], 'meta.k8s.io');
  }
  return {
    dryRun: dryRun.includes('All'),
    fieldManager,
    fieldValidation: validation as WriteOptions['fieldValidation'],
    userAgent: req.headers['user-agent'],
    force: query.get('force') === 'true',
  };
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readText(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

async function readBody(req: IncomingMessage, kind: string): Promise<unknown> {
  const contentType = (req.headers['content-type'] ?? 'application/json').split(';')[0].trim();
  const raw = await readBytes(req);
  if (contentType === 'application/vnd.kubernetes.protobuf') return decodeProtobuf(raw, kind);
  const text = raw.toString('utf8');
  if (contentType === 'application/yaml') {
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${(err as Error).message}`);
    }
  }
  if (contentType !== 'application/json' && contentType !== '*/*') {
    throw new ApiError(failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(`couldn't get version/kind; json parse error: ${goJsonError(text) ?? 'unexpected end of JSON input'}`);
  }
}

async function readDeleteOptions(req: IncomingMessage, query: Query): Promise<Record<string, unknown>> {
  const raw = await readBytes(req);
  const text = raw.toString('utf8');
  let options: Record<string, unknown> = {};
  if ((req.headers['content-type'] ?? '').startsWith('application/vnd.kubernetes.protobuf') && raw.length > 0) {
    options = decodeProtobuf(raw, 'DeleteOptions');
  } else if (text.trim()) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) options = parsed as Record<string, unknown>;
    } catch {
      throw badRequest(`couldn't get version/kind; json parse error: ${goJsonError(text) ?? 'unexpected end of JSON input'}`);
    }
  }
  const dryRun = Array.isArray(options.dryRun) ? (options.dryRun as string[]) : [];
  if (query.getAll('dryRun').includes('All') || dryRun.includes('All')) options.dryRun = true;
  else delete options.dryRun;
  return options;
}

export { matches };
