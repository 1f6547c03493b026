import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Secret values never reach the log: nothing in the gateway logs request bodies or
 * variables, and these paths are redacted as a second line of defence.
 */
const redact = [
  'password', '*.password', 'secretAccessKey', '*.secretAccessKey', 'accessKeyId', '*.accessKeyId',
  'entries', '*.entries', 'values', '*.values', 'data', '*.data', 'stringData', '*.stringData',
  'variables', '*.variables', 'authorization', '*.authorization', 'headers.authorization',
];

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: redact, censor: '[redacted]' }, base: { service: 'credgate' } }, destination);
}
