import { credgate } from './connect.js';

// One page, filtered, searched and sorted like the dashboard's table.
const page = await credgate.credentials({
  where: { type: ['PASSWORD', 'ACCESS_KEY'], scopeName: { eq: 'vision' } },
  search: 'postgres',
  orderBy: [{ column: 'CREATED_AT', direction: 'DESC' }],
  first: 50,
});
console.log(`${page.totalCount} match`, page.edges.map((edge) => edge.node.name));

// Every matching credential, fetched page by page.
for await (const credential of credgate.allCredentials({ where: { name: { startsWith: 'ci-' } } })) {
  console.log(credential.name, credential.kubernetesName, credential.scope.path.map((scope) => scope.name).join(' / '));
}
