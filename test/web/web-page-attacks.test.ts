import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/http/web-page.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

/**
 * The page's files (src/http/web-page.ts) against hostile requests, sent byte for byte over a raw
 * socket (fetch and http.request would normalise or refuse the paths): climbing out of web/dist
 * by `..`, encoded dots and slashes, absolute paths and URLs, NUL, overlong names; methods other
 * than GET and HEAD; a forged Host. Nothing outside web/dist comes back, and every answer carries
 * the security headers.
 */

let gateway: TestGateway;
let port: number;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request over a fresh connection, exactly as given; the answer read until the server closes. */
function raw(requestHead: string | Buffer, body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no answer head: ${all.toString('latin1').slice(0, 200)}`));
      const [statusLine, ...lines] = all.subarray(0, split).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      let rest: Buffer = all.subarray(split + 4);
      if (headers['transfer-encoding'] === 'chunked') rest = dechunk(rest);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest });
    });
    // Not half-closed: the server answers, then closes (connection: close).
    socket.write(Buffer.concat([Buffer.from(requestHead), Buffer.from(body)]));
  });
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

const request = (method: string, target: string, headers: Record<string, string> = {}) =>
  raw(`${method} ${target} HTTP/1.1\r\n${Object.entries({ host: `127.0.0.1:${port}`, connection: 'close', ...headers }).map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`);

/** Every file the build wrote, as the browser would receive it (decompressed). */
function distFiles(dir = WEB_DIST): Buffer[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? distFiles(join(dir, entry.name)) : [readFileSync(join(dir, entry.name))]));
}

function decoded(answer: RawAnswer): Buffer {
  if (answer.headers['content-encoding'] === 'br') return brotliDecompressSync(answer.body);
  if (answer.headers['content-encoding'] === 'gzip') return gunzipSync(answer.body);
  return answer.body;
}

/** Text from files outside web/dist that must never come back. */
const OUTSIDE = [
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8').slice(0, 60),
  readFileSync(new URL('../../src/http/web-page.ts', import.meta.url), 'utf8').slice(0, 60),
  readFileSync(new URL('../../web/src/App.tsx', import.meta.url), 'utf8').slice(0, 60),
  readFileSync(new URL('../../web/vite.config.ts', import.meta.url), 'utf8').slice(0, 60),
  'root:x:0:0',
  // web/index.html, the page's source (the built one names hashed assets instead)
  'src="/src/boot.ts"',
];

function expectSecurityHeaders(answer: RawAnswer, label: string): void {
  expect(answer.headers['x-content-type-options'], label).toBe('nosniff');
  expect(answer.headers['x-frame-options'], label).toBe('DENY');
  expect(answer.headers['referrer-policy'], label).toBe('no-referrer');
  expect(answer.headers['content-security-policy'], label).toContain("frame-ancestors 'none'");
  expect(answer.headers['content-security-policy'], label).toContain("default-src 'none'");
}

let files: Buffer[];

beforeAll(async () => {
  gateway = await startGateway();
  port = Number(new URL(gateway.url).port);
  files = distFiles();
});

afterAll(async () => {
  await gateway?.stop();
});

describe('the page\'s files under attack', () => {
  const CLIMBS = [
    '/..',
    '/../package.json',
    '/../../../../../../etc/passwd',
    '/assets/../package.json',
    '/assets/../../package.json',
    '/assets/../../../package.json',
    '/assets/../../index.html',
    '/assets/../../../src/http/web-page.ts',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2F%2E%2E%2Fpackage.json',
    '/assets/%2e%2e%2fvite.config.ts',
    '/assets/..%5c..%5cpackage.json',
    '/assets/..\\..\\package.json',
    '/assets/%252e%252e%252fpackage.json',
    '/assets/....//....//package.json',
    '/assets//etc/passwd',
    '//etc/passwd',
    '/etc/passwd',
    '/%2fetc%2fpasswd',
    '/index.html/../../package.json',
    '/favicon.svg/..%2f..%2fpackage.json',
    '/auth/config/../../package.json',
    '/auth/callback/../../../package.json',
    '/web/dist/index.html',
    '/web/src/App.tsx',
    '/src/http/web-page.ts',
    '/package.json',
    '/assets/index.js%00.png',
    '/assets/x.js%00',
    '/%00',
    `/assets/${'a'.repeat(4_000)}.js`,
    `/${'../'.repeat(2_000)}etc/passwd`,
    `/${'%2e%2e%2f'.repeat(1_000)}etc/passwd`,
    'http://127.0.0.1/../../package.json',
    'file:///etc/passwd',
    '*',
  ];

  const label = (target: string) => (target.length > 80 ? `${target.slice(0, 40)}… (${target.length} characters)` : target);
  it.each(CLIMBS.map((target) => [label(target), target]))('GET %s serves nothing from outside web/dist', async (_label, target) => {
    for (const encoding of ['identity', 'br, gzip']) {
      const answer = await request('GET', target, { 'accept-encoding': encoding });
      expectSecurityHeaders(answer, target);
      const text = decoded(answer).toString('utf8');
      for (const secret of OUTSIDE) expect(text).not.toContain(secret);
      // Anything served is one of the build's files (the page itself for `/?…`-like targets).
      if (answer.status === 200) expect(files.some((file) => file.equals(decoded(answer)))).toBe(true);
      else expect([400, 401, 404, 405, 421, 431]).toContain(answer.status);
    }
  });

  it('refuses a NUL byte, a control character and an overlong name in the request line, with the security headers', async () => {
    const answers = [
      await raw(Buffer.concat([Buffer.from('GET /assets/index'), Buffer.from([0]), Buffer.from(`.js HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n\r\n`)])),
      await raw(`GET /assets/a\x01b.js HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n\r\n`),
      await raw(`GET /assets/${'a'.repeat(100_000)}.js HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n\r\n`),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 431]);
    for (const answer of answers) {
      expectSecurityHeaders(answer, `status ${answer.status}`);
      expect(answer.body.toString()).not.toMatch(/assets|aaaa/);
    }
  });

  it('answers HEAD like GET without a body, and refuses other methods with 405 and the security headers', async () => {
    const index = readFileSync(join(WEB_DIST, 'index.html'));
    const asset = readdirSync(join(WEB_DIST, 'assets')).find((name) => name.endsWith('.js'))!;
    for (const path of ['/', '/index.html', '/auth/callback', '/auth/config', `/assets/${asset}`, '/favicon.svg']) {
      const get = await request('GET', path);
      const head = await request('HEAD', path);
      expect(get.status, path).toBe(200);
      expect(head.status, path).toBe(200);
      expect(head.body.length, path).toBe(0);
      expect(head.headers['content-length'], path).toBe(get.headers['content-length']);
      expectSecurityHeaders(get, path);
      expectSecurityHeaders(head, path);
      if (path === '/' || path === '/auth/callback') expect(get.body.equals(index)).toBe(true);
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'TRACE']) {
        const refused = await raw(`${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: text/plain\r\ncontent-length: 5\r\nconnection: close\r\n\r\n`, 'hello');
        expect(refused.status, `${method} ${path}`).toBe(405);
        expect(refused.headers.allow).toBe('GET, HEAD');
        expectSecurityHeaders(refused, `${method} ${path}`);
      }
    }
  });

  it('answers a forged Host with 421 before serving anything, with the security headers', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, 'localhost:1', '']) {
      for (const path of ['/', '/assets/x.js', '/auth/config', '/auth/callback?code=x&state=y']) {
        const answer = await raw(`GET ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n\r\n`);
        expect(answer.status, `${host} ${path}`).toBe(421);
        expectSecurityHeaders(answer, `${host} ${path}`);
        expect(answer.body.toString()).not.toContain('<html');
        expect(answer.body.toString()).not.toContain('oidc');
      }
    }
  });

  it('does not repeat what the client sent', async () => {
    const marker = '<script>alert(1)</script>';
    for (const target of [`/assets/${encodeURIComponent(marker)}.js`, `/assets/x.js?${encodeURIComponent(marker)}`, `/${encodeURIComponent(marker)}`]) {
      const answer = await request('GET', target);
      expect(answer.body.toString()).not.toContain('alert(1)');
      expect(answer.body.toString()).not.toContain('%3Cscript');
    }
  });
});

describe('compression', () => {
  const assetOf = (suffix: string) => `/assets/${readdirSync(join(WEB_DIST, 'assets')).find((name) => name.endsWith(suffix))!}`;

  it('sends the build\'s brotli or gzip copy when the browser accepts it, the same bytes once decoded', async () => {
    for (const path of ['/', assetOf('.js'), assetOf('.css')]) {
      const plain = await request('GET', path);
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(plain.headers.vary, path).toContain('Accept-Encoding');
      for (const [accept, expected] of [['br', 'br'], ['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip;q=0.5', 'gzip'], ['deflate', undefined], ['br;q=0, gzip;q=0', undefined]] as const) {
        const answer = await request('GET', path, { 'accept-encoding': accept });
        expect(answer.headers['content-encoding'], `${path} ${accept}`).toBe(expected);
        expect(decoded(answer).equals(plain.body), `${path} ${accept}`).toBe(true);
        if (expected) expect(answer.body.length).toBeLessThan(plain.body.length);
        expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      }
    }
  });

  it('never serves the compressed copies by their own names', async () => {
    const answer = await request('GET', `${assetOf('.js')}.br`);
    expect(answer.status).not.toBe(200);
  });
});
