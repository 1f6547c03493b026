import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateSerial, selfSignedCertificate } from '../../src/kube-emulator/cert.js';

describe('the emulator serving certificate', () => {
  it('has a serial that is a minimal positive DER integer whatever the random bytes', () => {
    // A leading zero byte once broke one start in 256 ("illegal padding"); a leading 0x80 makes it negative.
    for (const first of [0x00, 0x01, 0x3f, 0x7f, 0x80, 0xff]) {
      for (const second of [0x00, 0x80]) {
        const serial = certificateSerial(Buffer.from([first, second, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        expect(serial).toHaveLength(12);
        expect(serial[0]).toBeGreaterThanOrEqual(0x40);
        expect(serial[0]).toBeLessThan(0x80);
        expect(serial.subarray(1)).toEqual(Buffer.from([second, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
      }
    }
  });

  it('parses, names localhost and 127.0.0.1, and is signed by its own key', () => {
    for (let i = 0; i < 20; i++) {
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
