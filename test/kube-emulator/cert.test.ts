import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../src/kube-emulator/cert.js';

describe('the emulator serving certificate', () => {
  it('is valid DER every time, for localhost and 127.0.0.1, signed by its own key', () => {
    // A random serial with a leading zero byte once broke one start in 256 ("illegal padding").
    for (let i = 0; i < 2000; i++) {
      const { key, cert } = selfSignedCertificate('credgate-kube-emulator', ['localhost'], ['127.0.0.1']);
      const x509 = new X509Certificate(cert);
      expect(x509.serialNumber).toMatch(/^[4-7][0-9A-F]{23}$/);
      expect(x509.checkHost('localhost')).toBe('localhost');
      expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
      expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
      expect(x509.verify(x509.publicKey)).toBe(true);
    }
  });
});
