import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { builder } from './builder.js';
import { CredentialNode } from './credential.js';

builder.queryField('credentials', (t) =>
  t.connection(
    {
      type: CredentialNode,
      resolve: async (_, args, context) => {
        let total = 0;
        const connection = await resolveOffsetConnection({ args }, ({ limit, offset }) => {
          const page = context.services.credentials.page({ limit, offset });
          total = page.total;
          return page.rows;
        });
        return { ...connection, totalCount: total };
      },
    },
    { name: 'CredentialConnection', fields: (c) => ({ totalCount: c.exposeInt('totalCount') }) },
  ),
);
