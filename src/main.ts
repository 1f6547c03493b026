import { configFromEnv, ConfigError } from './config.js';
import { createLogger } from './log.js';
import { KeyringError } from './secrets/keyring.js';
import { DataDirLockedError } from './db/lock.js';
import { buildApp } from './http/app.js';
import { seedDemoOrganisation } from './services/demo.js';

async function main(): Promise<void> {
  const config = configFromEnv();
  // `--no-migrate` is CREDGATE_MIGRATE=false: migrations ran as their own command (npm run migrate).
  if (process.argv.slice(2).includes('--no-migrate')) config.migrate = false;
  const log = createLogger(config.logLevel);
  const app = buildApp({ config, log });
  if (config.seedDemo && seedDemoOrganisation(app.services.orgTree)) {
    log.info('created the demo organisation: cluster "local", departments research and engineering, three projects');
  }
  const url = await app.start();
  log.info({ dataDir: config.dataDir }, `credgate is listening on ${url}/graphql`);
  console.log(`\ncredgate is running: ${url}/graphql\n`);
  if (app.generatedAdminToken) {
    // Printed once, on the start that made it (never logged); it stays in <data dir>/admin-token (0600).
    console.log(`The system administrator's API token (also in ${config.dataDir}/admin-token):\n\n  ${app.generatedAdminToken}\n\nSend it as the header  Authorization: Bearer <token>\n`);
  }
  const shutdown = (signal: string) => {
    log.info(`${signal}: shutting down`);
    app.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // Every timer and handler is guarded where it runs; a promise nobody awaited that still fails is
  // a bug to log, not a reason to drop every client and the reconcilers with it.
  process.on('unhandledRejection', (reason) => {
    log.error({ err: { message: (reason as Error)?.message, code: (reason as { code?: string })?.code } }, 'unhandled rejection (a bug); carrying on');
  });
}

main().catch((error: Error) => {
  if (error instanceof ConfigError || error instanceof KeyringError || error instanceof DataDirLockedError) {
    console.error(`credgate cannot start: ${error.message}`);
  } else {
    console.error('credgate cannot start:', error.message);
  }
  process.exit(1);
});
