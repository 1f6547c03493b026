import { printedSchema } from '../../src/graphql/write-schema.js';

// Run as its own process: under vitest, Pothos and `graphql` utilities would load two copies of graphql.
process.stdout.write(printedSchema());
