import { useState, type FormEvent } from 'react';
import type { AssetRef, Credential, CredgateClient, MutationErrorResult } from '@credgate/sdk';
import { scopePath } from './columns.js';
import { Dialog } from './Dialog.js';
import { Field, FormErrors, fieldErrorsOf, unplacedErrors, type FieldErrors } from './forms.js';
import { scopeKey, scopeTypeName, type ScopeNode } from './org-tree.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'The request failed';
}

export function RenameDialog({ client, credential, onClose, onDone }: { client: CredgateClient; credential: Credential; onClose: () => void; onDone: (credential: Credential) => void }) {
  const [name, setName] = useState(credential.name);
  const [description, setDescription] = useState(credential.description ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await client.updateCredential({ id: credential.id, name, description });
      if (result.__typename === 'UpdateCredentialSuccess') return onDone(result.credential);
      const failure = result as MutationErrorResult;
      if (failure.__typename === 'ValidationError') setErrors(fieldErrorsOf(failure.fieldErrors));
      else if (failure.__typename === 'NameTakenError') setErrors({ name: failure.message });
      else setErrors({ '': failure.message });
    } catch (error) {
      setErrors({ '': messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Rename ${credential.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate autoComplete="off">
        <FormErrors messages={unplacedErrors(errors, ['name', 'description'])} />
        <Field label="Credential name" error={errors.name} hint={`Its Kubernetes name stays ${credential.kubernetesName}`}>
          {(props) => <input {...props} type="text" value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Description" error={errors.description}>
          {(props) => <textarea {...props} rows={2} value={description} onChange={(event) => setDescription(event.target.value)} />}
        </Field>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const KIND_NAMES: Record<string, string> = { ENVIRONMENT: 'Environment', DATA_SOURCE: 'Data source' };

export function DeleteDialog({ client, credential, onClose, onDone }: { client: CredgateClient; credential: Credential; onClose: () => void; onDone: () => void }) {
  const [usedBy, setUsedBy] = useState<AssetRef[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await client.deleteCredential(credential.id);
      if (result.__typename === 'DeleteCredentialSuccess') return onDone();
      const failure = result as MutationErrorResult;
      if (failure.__typename === 'CredentialInUseError') setUsedBy(failure.usedBy);
      else setError(failure.message);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Delete ${credential.name}?`} onClose={onClose}>
      {usedBy ? (
        <div className="form-errors" role="alert">
          <p>
            {credential.name} cannot be deleted while {usedBy.length === 1 ? 'this asset uses' : 'these assets use'} it:
          </p>
          <ul className="used-by">
            {usedBy.map((asset) => (
              <li key={asset.id}>
                {KIND_NAMES[asset.kind] ?? asset.kind} <strong>{asset.name}</strong>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>
          The Secret <code>{credential.kubernetesName}</code> is removed from every namespace under {scopePath(credential)}. This cannot be undone.
        </p>
      )}
      <FormErrors messages={error ? [error] : []} />
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {usedBy ? 'Close' : 'Cancel'}
        </button>
        {usedBy ? null : (
          <button type="button" className="danger" disabled={busy} onClick={confirm}>
            Delete
          </button>
        )}
      </div>
    </Dialog>
  );
}

/** The organisational tree with one scope marked (clicking a credential's scope opens it). */
export function OrgTreeDialog({ scopes, highlight, onClose }: { scopes: readonly ScopeNode[] | null; highlight: { type: string; id: string }; onClose: () => void }) {
  const marked = scopeKey(highlight);
  return (
    <Dialog title="Organisation" onClose={onClose}>
      {scopes === null ? (
        <p>Loading…</p>
      ) : (
        <ul className="org-tree" aria-label="Organisation tree">
          {scopes.map((node) => {
            const current = scopeKey(node) === marked;
            return (
              <li key={scopeKey(node)} className={`depth-${node.depth}${current ? ' current' : ''}`} aria-current={current ? 'true' : undefined}>
                <span className="muted">{scopeTypeName(node.type)}</span> {current ? <mark>{node.name}</mark> : node.name}
              </li>
            );
          })}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
