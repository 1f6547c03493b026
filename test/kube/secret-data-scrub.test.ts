import { describe, expect, it } from 'vitest';
import { managedSecretManifest, secretDataOf } from '../../src/domain/secret-manifest.js';
import { withoutSecretData } from '../../src/kube/reconciler.js';

const manifestOf = (values: Parameters<typeof secretDataOf>[0]) =>
  managedSecretManifest({ installationId: 'i', credentialId: 'c', kubernetesName: 'n', namespace: 'ns', type: values.type, generation: 1, data: secretDataOf(values), dataHash: 'h' });

describe("cutting Secret data out of an API server's message", () => {
  it('removes values quoted as they are, base64-encoded, JSON- or Go-escaped, and line by line', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    const manifest = manifestOf({ type: 'GENERIC_SECRET', entries: [{ key: 'ssh', value: key }, { key: 'pw', value: 'pa"ss\\word' }] });
    const message = `denied: ssh ${JSON.stringify(key)}, pw "pa\\"ss\\\\word", raw ${key}, b64 ${Buffer.from(key).toString('base64')}`;
    const scrubbed = withoutSecretData(message, manifest);
    expect(scrubbed).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
    expect(scrubbed).not.toContain('pa\\"ss');
    expect(scrubbed).not.toContain(Buffer.from(key).toString('base64'));
    expect(scrubbed).toContain('denied: ssh');
  });

  it('removes the values inside a registry config, and withholds a message that quotes a very short value', () => {
    const manifest = manifestOf({ type: 'DOCKER_REGISTRY', url: 'https://r.example.com', username: 'robot', password: 'hunter22' });
    expect(withoutSecretData('auth for robot with hunter22 refused', manifest)).toBe('auth for [redacted] with [redacted] refused');
    const short = manifestOf({ type: 'PASSWORD', username: 'u', password: 'pw' });
    expect(withoutSecretData('password "pw" is too short', short)).toBe('the API server refused the Secret (its message quoted the data and is withheld)');
  });
});
