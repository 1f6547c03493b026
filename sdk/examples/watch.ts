import { credgate } from './connect.js';

// An AsyncIterable over Server-Sent Events. Leaving the loop closes the stream.
const stop = AbortSignal.timeout(60_000);
for await (const event of credgate.credentialChanged({ signal: stop, onReconnected: () => console.warn('reconnected') })) {
  console.log(event.change, event.credentialId, event.credential?.name ?? '(deleted)', event.at);
  if (event.change === 'DELETED') break;
}
