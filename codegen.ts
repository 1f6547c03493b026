import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Generates the SDK's types from `schema.graphql` and the SDK's operations.
 * `npm run generate` writes the schema first, then runs this; the generated files are committed
 * and test/sdk/generated-up-to-date.test.ts fails when they are stale.
 */
const config: CodegenConfig = {
  schema: './schema.graphql',
  documents: ['sdk/src/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'sdk/src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        emitLegacyCommonJSImports: false,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
        strictScalars: true,
        skipTypename: false,
      },
    },
  },
};

export default config;
