import { credgate } from './connect.js';

// An AsyncIterable over Server-Sent Events. Leaving the loop closes the stream.
const where = { type: ['DOCKER_REGISTRY' as const], scopeName: { eq: 'vision' } };
for await (const event of credgate.credentialStatusChanged({ where, signal: AbortSignal.timeout(600_000) })) {
  console.log(`${event.credential.name}: ${event.previousPhase ?? 'new'} -> ${event.phase} (${event.displayText})`, event.message ?? '');
  if (event.phase === 'ISSUES_FOUND') {
    // Which namespace of which cluster is wrong, and why.
    const detail = await credgate.credential(event.credential.id);
    for (const target of detail?.status.targets ?? []) {
      if (target.state !== 'SYNCED') console.log(`  ${target.cluster.name}/${target.namespace}: ${target.state} ${target.issue ?? ''} ${target.message ?? ''}`);
    }
  }
}

// Created, renamed, rotated and deleted credentials: what a live table needs besides status.
for await (const change of credgate.credentialChanged({ onReconnected: () => console.warn('reconnected: missed changes follow') })) {
  console.log(change.change, change.credentialId, change.credential?.name ?? '(deleted)', change.at);
  if (change.change === 'DELETED') break;
}
