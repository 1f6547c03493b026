import { CredgateNameTakenError, CredgateValidationError } from '@credgate/sdk';
import { credgate } from './connect.js';

const projects = await credgate.projects();
const vision = projects.find((project) => project.name === 'vision');
if (!vision) throw new Error('no project "vision"');

// The result is a union: switch on __typename, every member is typed.
const result = await credgate.createPasswordCredential({
  name: 'warehouse-db',
  scope: { type: 'PROJECT', id: vision.id },
  username: 'etl',
  password: process.env.WAREHOUSE_PASSWORD ?? '',
});
switch (result.__typename) {
  case 'CreatePasswordCredentialSuccess':
    console.log('created', result.credential.kubernetesName);
    break;
  case 'ValidationError':
    for (const fieldError of result.fieldErrors) console.error(fieldError.path.join('.'), fieldError.message);
    break;
  case 'NameTakenError':
    console.error(`"${result.name}" is taken in this scope`);
    break;
  default:
    console.error(result.__typename, result.message);
}

// Or take the success member and let errors be thrown as typed exceptions.
try {
  const { credential } = await credgate
    .createGenericSecretCredential({
      name: 'hf-token',
      scope: { type: 'PROJECT', id: vision.id },
      entries: [{ key: 'HF_TOKEN', value: process.env.HF_TOKEN ?? '' }],
    })
    .orThrow();
  await credgate.renameCredential(credential.id, 'huggingface-token').orThrow();
} catch (error) {
  if (error instanceof CredgateValidationError) console.error(error.fieldErrors);
  else if (error instanceof CredgateNameTakenError) console.error(`taken: ${error.takenName}`);
  else throw error;
}
