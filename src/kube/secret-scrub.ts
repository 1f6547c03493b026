import type { ManagedSecretManifest } from '../domain/secret-manifest.js';

/**
 * An API server's message is stored and shown as the target's status, but an admission webhook
 * or a proxy may quote the object it refused. Whatever of the Secret's data it repeats (decoded or
 * base64, or any value inside a registry config) is cut out before the message goes anywhere.
 */
export function withoutSecretData(message: string, manifest?: ManagedSecretManifest): string {
  if (!manifest) return message;
  const sensitive = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === 'string') {
      // As is, quoted JSON- or Go-style (newlines, quotes and backslashes escaped), and line by line.
      sensitive.add(value);
      sensitive.add(JSON.stringify(value).slice(1, -1));
      for (const line of value.split(/\r?\n/)) sensitive.add(line.trim());
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(collect);
    }
  };
  for (const encoded of Object.values(manifest.data)) {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    sensitive.add(encoded);
    collect(decoded);
    try {
      collect(JSON.parse(decoded));
    } catch {
      // not JSON: the decoded value itself is what must go
    }
  }
  let scrubbed = message;
  const values = [...sensitive].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  for (const value of values) {
    if (value.length < 4) {
      // Too short to cut out without mangling the message: drop the message if it quotes it.
      if (scrubbed.includes(`"${value}"`) || scrubbed.includes(`'${value}'`)) return 'the API server refused the Secret (its message quoted the data and is withheld)';
      continue;
    }
    scrubbed = scrubbed.split(value).join('[redacted]');
  }
  return scrubbed.length > 500 ? `${scrubbed.slice(0, 500)}…` : scrubbed;
}
