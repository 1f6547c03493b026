import { useEffect, useState, type FormEvent } from 'react';
import type { CredentialType, CredgateClient, ExistingSecret, MutationErrorResult } from '@credgate/sdk';
import { TYPE_LABELS } from './columns.js';
import { Dialog } from './Dialog.js';
import { Field, FormErrors, fieldErrorsOf, unplacedErrors, type FieldErrors } from './forms.js';
import { scopeInputOf, scopeKey, scopeTypeName, type ScopeNode } from './org-tree.js';
import { permissionsAt } from './permissions.js';

type Source = 'values' | 'existing';

/** The value fields of each type: secret ones are typed as passwords and never shown again. */
const VALUE_FIELDS: Record<Exclude<CredentialType, 'GENERIC_SECRET'>, ReadonlyArray<{ name: string; label: string; secret: boolean }>> = {
  ACCESS_KEY: [
    { name: 'accessKeyId', label: 'Access key ID', secret: false },
    { name: 'secretAccessKey', label: 'Secret access key', secret: true },
  ],
  PASSWORD: [
    { name: 'username', label: 'Username', secret: false },
    { name: 'password', label: 'Password', secret: true },
  ],
  DOCKER_REGISTRY: [
    { name: 'url', label: 'Registry URL', secret: false },
    { name: 'username', label: 'Username', secret: false },
    { name: 'password', label: 'Password', secret: true },
  ],
};

interface Entry {
  key: string;
  value: string;
}

export function NewCredentialDialog({
  client,
  scopes,
  onClose,
  onCreated,
}: {
  client: CredgateClient;
  scopes: readonly ScopeNode[];
  onClose: () => void;
  onCreated: (name: string) => void;
}) {
  const [type, setType] = useState<CredentialType>('PASSWORD');
  const [scope, setScope] = useState<ScopeNode | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [source, setSource] = useState<Source>('values');
  // Typed values live only here until the request is sent, and are cleared right after.
  const [values, setValues] = useState<Record<string, string>>({});
  const [entries, setEntries] = useState<Entry[]>([{ key: '', value: '' }]);
  const [existing, setExisting] = useState<ExistingSecret[] | null>(null);
  const [existingName, setExistingName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  // The scope picker offers only the scopes where the gateway lets the caller create credentials.
  const [creatable, setCreatable] = useState<ScopeNode[] | null>(null);

  useEffect(() => {
    let current = true;
    if (scopes.length === 0) return;
    permissionsAt(client, scopes.map(scopeInputOf)).then(
      (answers) => current && setCreatable(scopes.filter((_, index) => answers[index].createCredentials)),
      () => current && setCreatable([...scopes]),
    );
    return () => {
      current = false;
    };
  }, [client, scopes]);

  useEffect(() => {
    if (source !== 'existing' || !scope) {
      setExisting(null);
      return;
    }
    let current = true;
    setExisting(null);
    client.existingSecrets(scopeInputOf(scope), type).then(
      (secrets) => current && setExisting(secrets),
      () => current && setExisting([]),
    );
    return () => {
      current = false;
    };
  }, [client, source, scope, type]);

  const clearValues = () => {
    setValues({});
    setEntries((list) => list.map(() => ({ key: '', value: '' })));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!scope) {
      setErrors({ scope: 'Choose a scope' });
      return;
    }
    setBusy(true);
    const common = { name, description: description || null, scope: scopeInputOf(scope) };
    const fromExisting = source === 'existing' ? { existingSecretName: existingName } : null;
    const value = (field: string) => values[field] ?? '';
    try {
      let result: { __typename: string; credential?: { name: string } };
      switch (type) {
        case 'ACCESS_KEY':
          result = await client.createAccessKeyCredential({ ...common, ...(fromExisting ?? { accessKeyId: value('accessKeyId'), secretAccessKey: value('secretAccessKey') }) });
          break;
        case 'PASSWORD':
          result = await client.createPasswordCredential({ ...common, ...(fromExisting ?? { username: value('username'), password: value('password') }) });
          break;
        case 'DOCKER_REGISTRY':
          result = await client.createDockerRegistryCredential({ ...common, ...(fromExisting ?? { url: value('url'), username: value('username'), password: value('password') }) });
          break;
        case 'GENERIC_SECRET':
          result = await client.createGenericSecretCredential({ ...common, ...(fromExisting ?? { entries: entries.map((entry) => ({ key: entry.key, value: entry.value })) }) });
          break;
      }
      clearValues();
      if (result.__typename.endsWith('Success')) {
        onCreated(result.credential?.name ?? name);
        return;
      }
      const failure = result as MutationErrorResult;
      if (failure.__typename === 'ValidationError') setErrors(fieldErrorsOf(failure.fieldErrors));
      else if (failure.__typename === 'NameTakenError') setErrors({ name: failure.message });
      else setErrors({ '': failure.message });
    } catch (error) {
      clearValues();
      setErrors({ '': error instanceof Error ? error.message : 'The request failed' });
    } finally {
      setBusy(false);
    }
  };

  const valueFields = type === 'GENERIC_SECRET' ? [] : VALUE_FIELDS[type];
  const placed = [
    'name', 'description', 'scope', 'existingSecretName',
    ...valueFields.map((field) => field.name),
    ...entries.flatMap((_, index) => [`entries.${index}.key`, `entries.${index}.value`]),
    ...(type === 'GENERIC_SECRET' ? ['entries'] : []),
  ];

  return (
    <Dialog title="New credential" onClose={onClose} wide>
      <form onSubmit={submit} noValidate autoComplete="off">
        <FormErrors messages={unplacedErrors(errors, placed)} />
        <Field label="Type">
          {(props) => (
            <select {...props} value={type} onChange={(event) => setType(event.target.value as CredentialType)}>
              {Object.entries(TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ScopePicker scopes={creatable} value={scope} onChange={setScope} error={errors.scope} />
        <Field label="Credential name" error={errors.name}>
          {(props) => <input {...props} type="text" value={name} required onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Description" error={errors.description} hint="Optional">
          {(props) => <textarea {...props} rows={2} value={description} onChange={(event) => setDescription(event.target.value)} />}
        </Field>
        <fieldset className="choice">
          <legend>Secret</legend>
          <label>
            <input type="radio" name="source" checked={source === 'values'} onChange={() => setSource('values')} /> New secret (enter the values)
          </label>
          <label>
            <input type="radio" name="source" checked={source === 'existing'} onChange={() => setSource('existing')} /> Existing secret (created in advance in the cluster)
          </label>
        </fieldset>
        {source === 'existing' ? (
          <Field
            label="Secret created in advance"
            error={errors.existingSecretName}
            hint={!scope ? 'Choose a scope first' : existing === null ? 'Looking for Secrets…' : existing.length === 0 ? 'No Secret of this type was created in advance for this scope' : undefined}
          >
            {(props) => (
              <select {...props} value={existingName} onChange={(event) => setExistingName(event.target.value)}>
                <option value="">Choose a Secret</option>
                {(existing ?? []).map((secret) => (
                  <option key={`${secret.cluster.id}/${secret.namespace}/${secret.name}`} value={secret.name} disabled={secret.inUse}>
                    {secret.name} ({secret.cluster.name}/{secret.namespace}; keys {secret.keys.join(', ')}){secret.inUse ? ' — in use' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : type === 'GENERIC_SECRET' ? (
          <fieldset className="entries">
            <legend>Keys and values</legend>
            {errors.entries ? <p className="field-error">{errors.entries}</p> : null}
            {entries.map((entry, index) => (
              <div className="entry" key={index}>
                <Field label={`Key ${index + 1}`} error={errors[`entries.${index}.key`]}>
                  {(props) => (
                    <input {...props} type="text" value={entry.key} onChange={(event) => setEntries((list) => list.map((item, i) => (i === index ? { ...item, key: event.target.value } : item)))} />
                  )}
                </Field>
                <Field label={`Value ${index + 1}`} error={errors[`entries.${index}.value`]}>
                  {(props) => (
                    <input
                      {...props}
                      type="password"
                      autoComplete="new-password"
                      value={entry.value}
                      onChange={(event) => setEntries((list) => list.map((item, i) => (i === index ? { ...item, value: event.target.value } : item)))}
                    />
                  )}
                </Field>
                {entries.length > 1 ? (
                  <button type="button" className="link-button" onClick={() => setEntries((list) => list.filter((_, i) => i !== index))}>
                    Remove key {index + 1}
                  </button>
                ) : null}
              </div>
            ))}
            <button type="button" className="link-button" onClick={() => setEntries((list) => [...list, { key: '', value: '' }])}>
              + Add a key
            </button>
          </fieldset>
        ) : (
          valueFields.map((field) => (
            <Field key={`${type}-${field.name}`} label={field.label} error={errors[field.name]}>
              {(props) => (
                <input
                  {...props}
                  type={field.secret ? 'password' : 'text'}
                  autoComplete={field.secret ? 'new-password' : 'off'}
                  value={values[field.name] ?? ''}
                  onChange={(event) => setValues((all) => ({ ...all, [field.name]: event.target.value }))}
                />
              )}
            </Field>
          ))
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create credential'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The organisational tree as a list of radio buttons, indented by depth. */
function ScopePicker({ scopes, value, onChange, error }: { scopes: readonly ScopeNode[] | null; value: ScopeNode | null; onChange: (scope: ScopeNode) => void; error?: string }) {
  return (
    <fieldset className={error ? 'scope-picker field-invalid' : 'scope-picker'} aria-describedby={error ? 'scope-error' : undefined}>
      <legend>Scope</legend>
      {scopes === null ? <p className="hint">Loading the organisation…</p> : null}
      <ul>
        {(scopes ?? []).map((node) => (
          <li key={scopeKey(node)} className={`depth-${node.depth}`}>
            <label>
              <input type="radio" name="scope" checked={value !== null && scopeKey(value) === scopeKey(node)} onChange={() => onChange(node)} />
              {node.name} <span className="muted">({scopeTypeName(node.type)})</span>
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="field-error" id="scope-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
