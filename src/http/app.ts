import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type DocumentNode, type ExecutionArgs } from 'graphql';
import type { GatewayConfig } from '../config.js';
import { openDatabase, type Db } from '../db/connection.js';
import { createLogger, type Logger } from '../log.js';
import { Keyring } from '../secrets/keyring.js';
import { BUILTIN_ADMIN, type Actor } from '../services/context.js';
import { createServices, type Services } from '../services/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { schema } from '../graphql/schema.js';
import { exposeDomainErrors, mask, maskErrors, maskInputValuesInErrors } from './error-masking.js';
import { startKubeEmulator, type KubeEmulator, type KubeEmulatorOptions } from '../kube-emulator/index.js';
import { PropagationEngine } from '../kube/engine.js';
import type { ReconcilerOptions } from '../kube/reconciler.js';
import { readClustersFile } from '../kube/clusters-file.js';
import { writeFileSync } from 'node:fs';
import { exportCredentialsCsv } from './csv-export.js';
import { shareSubscriptionResults } from './shared-subscriptions.js';

export interface AppOptions {
  config: GatewayConfig;
  kube?: {
    /** Options of the embedded emulator (tests use its faults). */
    emulator?: KubeEmulatorOptions;
    reconciler?: ReconcilerOptions;
  };
  log?: Logger;
  /** Called with every SQL statement (tests count statements per request with it). */
  onStatement?: (sql: string) => void;
}

export interface App {
  services: Services;
  /** The embedded Kubernetes API emulator, when no clusters are configured. */
  emulator: KubeEmulator | null;
  engine: PropagationEngine | null;
  db: Db;
  log: Logger;
  /** http://host:port once started. */
  url: string;
  start(): Promise<string>;
  stop(): Promise<void>;
  /** For tests and extra routes: the raw request handler. */
  server: Server;
  extraRoutes: Map<string, (req: IncomingMessage, res: ServerResponse, services: Services, actor: Actor) => Promise<void> | void>;
}

/** The caller of a request. Until access control lands, every caller is the built-in administrator. */
export function actorOf(_request: Request | IncomingMessage): Actor {
  return BUILTIN_ADMIN;
}

export function buildApp(options: AppOptions): App {
  const { config } = options;
  const log = options.log ?? createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const keyring = Keyring.load({ masterKeys: config.masterKeys, dataDir: config.dataDir });
  const db = openDatabase(join(config.dataDir, 'credgate.db'), { onStatement: options.onStatement });
  const services = createServices({ db, keyring, log });
  services.credentials.verifyKeys();
  const reencrypted = services.credentials.reencryptWithActiveKey();
  if (reencrypted > 0) log.info({ credentials: reencrypted, keyId: keyring.activeKeyId }, 're-encrypted secret values with the active master key');
  services.orgTree.account();

  const yoga = createYoga<{ req?: IncomingMessage }, GraphQLContext>({
    schema,
    graphiql: config.development,
    landingPage: false,
    logging: {
      debug: () => {},
      info: (...args) => log.info(String(args[0])),
      warn: (...args) => log.warn(String(args[0])),
      error: (...args) => log.error({ detail: args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ') }, 'graphql error'),
    },
    context: ({ request }) => ({ actor: actorOf(request), services }),
    maskedErrors: { maskError: exposeDomainErrors },
    plugins: [maskInputValuesInErrors(), shareSubscriptionResults()],
  });

  const extraRoutes: App['extraRoutes'] = new Map([['/export/credentials.csv', exportCredentialsCsv]]);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.debug({ method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path === '/readyz') {
      try {
        db.$client.prepare('select 1').get();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
      } catch {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"database unavailable"}');
      }
      return;
    }
    const route = extraRoutes.get(path);
    if (route) {
      Promise.resolve(route(req, res, services, actorOf(req))).catch((error: Error) => {
        log.error({ route: path, err: { message: error.message } }, 'route failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal error' }));
      });
      return;
    }
    yoga(req, res, { req });
  });

  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const wsCleanup = useServer(
    {
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args as ExecutionArgs) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args as ExecutionArgs) as never,
      onSubscribe: async (ctx, _id, params) => {
        const { schema: enveloped, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        let document: DocumentNode;
        try {
          document = parse(params.query);
        } catch (error) {
          if (error instanceof GraphQLError) return maskErrors([error]);
          throw error;
        }
        const args = {
          schema: enveloped,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return maskErrors(errors);
        return args;
      },
      // yoga's result processing (and so its masking) is HTTP only: the WebSocket path masks here.
      onNext: (_ctx, _id, _payload, _args, result) => mask(result),
      onError: (_ctx, _id, _payload, errors) => maskErrors(errors),
    },
    wsServer,
  );

  /** Connects the clusters: those configured, or the embedded emulator as cluster "local". */
  async function startPropagation(): Promise<void> {
    let embeddedKubeconfig: string | undefined;
    if (config.clustersFile) {
      for (const cluster of readClustersFile(config.clustersFile)) {
        services.orgTree.upsertConfiguredCluster(BUILTIN_ADMIN, { name: cluster.name, kubeconfigPath: cluster.kubeconfig, context: cluster.context, manageNamespaces: cluster.manageNamespaces });
      }
    } else if (config.embeddedKube) {
      app.emulator = await startKubeEmulator({ logger: log.child({ component: 'kube-emulator' }), ...options.kube?.emulator });
      if (!services.orgTree.clusters().some((c) => c.embedded) && !services.orgTree.clusterByName('local')) {
        services.orgTree.createCluster(BUILTIN_ADMIN, { name: 'local', embedded: true });
      }
      embeddedKubeconfig = app.emulator.kubeconfig;
      // kubectl needs TLS to send its token: the file uses the emulator's https endpoint.
      writeFileSync(join(config.dataDir, 'kubeconfig'), app.emulator.kubectlKubeconfig, { mode: 0o600 });
    }
    app.engine = new PropagationEngine({ services, keyring, log, embeddedKubeconfig, reconciler: options.kube?.reconciler });
    await app.engine.start();
  }

  const app: App = {
    services,
    emulator: null,
    engine: null,
    db,
    log,
    url: '',
    server,
    extraRoutes,
    start: async () => {
      await startPropagation();
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address() as AddressInfo;
          app.url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
          resolve(app.url);
        });
      });
    },
    stop: async () => {
      await app.engine?.stop();
      await app.emulator?.stop();
      await wsCleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.$client.close();
    },
  };
  return app;
}
