import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { credgate } from './connect.js';

const csv = await credgate.downloadCredentialsCsv({
  where: { phase: ['ISSUES_FOUND'] },
  orderBy: [{ column: 'NAME', direction: 'ASC' }],
  columns: ['NAME', 'SCOPE', 'STATUS', 'CLUSTER'],
});
await pipeline(Readable.fromWeb(csv.stream), createWriteStream('credentials-with-issues.csv'));
console.log(`${csv.totalCount} rows${csv.truncated ? ' (cut at the export limit)' : ''}`);
