// Module hooks for the build test: every module URL the process resolves through the ESM loader is
// appended to the file named at registration, so the test can see which graphql build was loaded
// and that no TypeScript tooling was.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, `${result.url}\n`);
  return result;
}
