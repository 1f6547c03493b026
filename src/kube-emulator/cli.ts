// `npm run kube-emulator -- --port <port> --kubeconfig <file>`: serves the emulator until stopped.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startKubeEmulator } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    kubeconfig: { type: 'string' },
    token: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const emulator = await startKubeEmulator({
  port: Number(values.port),
  host: values.host,
  token: values.token,
  logger: pino({ level: values.verbose ? 'debug' : 'info' }),
});
// The https kubeconfig: kubectl sends the token only over TLS; client-node accepts it as well.
if (values.kubeconfig) writeFileSync(values.kubeconfig, emulator.kubectlKubeconfig, { mode: 0o600 });
console.log(`kube emulator listening on ${emulator.url}${values.kubeconfig ? `; kubeconfig written to ${values.kubeconfig}` : ''}`);
if (!values.kubeconfig) console.log(emulator.kubectlKubeconfig);

const shutdown = (): void => {
  void emulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
