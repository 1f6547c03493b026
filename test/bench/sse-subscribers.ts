// A child process holding many GraphQL-over-SSE subscriptions (distinct connections mode, as
// graphql-sse's client sends them), so that the gateway's process measures only itself.
// Prints one JSON line per delivered event: { latencyMs }.
import http from 'node:http';

const [url, countText, query] = [process.argv[2], process.argv[3], process.argv[4]];
const count = Number(countText);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
let connected = 0;

for (let i = 0; i < count; i++) {
  const request = http.request(`${url}/graphql`, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${process.env.CREDGATE_BENCH_TOKEN ?? ''}` },
  });
  request.on('response', (response) => {
    connected += 1;
    if (connected === count) process.stdout.write(`${JSON.stringify({ connected })}\n`);
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split('\n').find((line) => line.startsWith('data:'));
        if (!data || !message.includes('event: next')) continue;
        const payload = JSON.parse(data.slice(5));
        const at = Date.parse(payload.data.credentialStatusChanged.at);
        process.stdout.write(`${JSON.stringify({ latencyMs: Date.now() - at })}\n`);
      }
    });
  });
  request.end(JSON.stringify({ query }));
}
