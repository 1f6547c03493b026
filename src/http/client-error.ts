import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { SECURITY_HEADERS } from './security-headers.js';

/**
 * Node's answer to a request its parser refuses (a NUL or a space in the path, a header too large,
 * a malformed request line, too slow to arrive), with the security headers every other answer has.
 * The statuses are Node's own: 431 for headers too large, 408 for a timeout, 400 otherwise. Nothing
 * the client sent is repeated.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (!socket.writable || inProgress || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ errors: [{ message: STATUS_CODES[status], extensions: { code: 'BAD_REQUEST' } }] });
  const headers = { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`);
}
