import { useEffect, useState } from 'react';
import type { Credential, CredentialDetail, CredentialStatusHistoryEntry, CredgateClient } from '@credgate/sdk';
import { formatTime, PHASE_LABELS, scopePath, TYPE_LABELS } from './columns.js';
import { permissionsAt, type ScopePermissions } from './permissions.js';
import { StatusBadge } from './StatusBadge.js';

/**
 * A credential's detail beside the table: where it must be (every cluster and namespace, with
 * state and issue) and its status history. `revision` changes whenever a live event concerns it.
 */
export function DetailsPanel({
  client,
  credential,
  revision,
  onClose,
  onRename,
  onDelete,
}: {
  client: CredgateClient;
  credential: Credential;
  revision: number;
  onClose: () => void;
  onRename: () => void;
  onDelete: () => void;
}) {
  const [detail, setDetail] = useState<CredentialDetail | null>(null);
  const [history, setHistory] = useState<CredentialStatusHistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [permissions, setPermissions] = useState<ScopePermissions | null>(null);

  // Rename and Delete appear only where the gateway would allow them: at the credential's scope.
  useEffect(() => {
    let current = true;
    setPermissions(null);
    permissionsAt(client, [{ type: credential.scope.type, id: credential.scope.id }]).then(
      ([answer]) => current && setPermissions(answer),
      () => current && setPermissions(null),
    );
    return () => {
      current = false;
    };
  }, [client, credential.scope.type, credential.scope.id]);

  useEffect(() => {
    let current = true;
    Promise.all([client.credential(credential.id), client.credentialStatusHistory(credential.id, { first: 50 })]).then(
      ([loaded, events]) => {
        if (!current) return;
        setDetail(loaded);
        setHistory(events);
        setError(null);
      },
      (caught: unknown) => current && setError(caught instanceof Error ? caught.message : 'Could not load the details'),
    );
    return () => {
      current = false;
    };
  }, [client, credential.id, revision]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const shown = detail ?? credential;
  return (
    <aside className="panel" aria-labelledby="panel-title">
      <div className="panel-head">
        <h2 id="panel-title">{shown.name}</h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="panel-actions">
        {permissions?.editCredentials ? (
          <button type="button" onClick={onRename}>
            Rename
          </button>
        ) : null}
        {permissions?.deleteCredentials ? (
          <button type="button" className="danger" onClick={onDelete}>
            Delete
          </button>
        ) : null}
      </div>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge phase={shown.status.phase} text={shown.status.displayText} />
          {shown.status.message ? <span className="muted"> {shown.status.message}</span> : null}
        </dd>
        <dt>Type</dt>
        <dd>{TYPE_LABELS[shown.type]}</dd>
        <dt>Scope</dt>
        <dd>{scopePath(shown)}</dd>
        <dt>Kubernetes name</dt>
        <dd>
          <code>{shown.kubernetesName}</code>
        </dd>
        <dt>Keys</dt>
        <dd>{shown.keys.join(', ') || '—'}</dd>
        {shown.existingSecretName ? (
          <>
            <dt>Secret created in advance</dt>
            <dd>{shown.existingSecretName}</dd>
          </>
        ) : null}
      </dl>
      {error ? (
        <p className="form-errors" role="alert">
          {error}
        </p>
      ) : null}
      <h3>Targets</h3>
      {detail === null ? (
        <p>Loading…</p>
      ) : detail.status.targets.length === 0 ? (
        <p className="muted">No namespace to reach: the scope has no project yet.</p>
      ) : (
        <div className="scroll" tabIndex={0} role="region" aria-label="Targets">
          <table className="targets">
            <caption className="visually-hidden">Every namespace the credential must reach</caption>
            <thead>
              <tr>
                <th scope="col">Cluster</th>
                <th scope="col">Namespace</th>
                <th scope="col">State</th>
                <th scope="col">Issue</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {detail.status.targets.map((target) => (
                <tr key={`${target.cluster.id}/${target.namespace}`}>
                  <td>{target.cluster.name}</td>
                  <td>{target.namespace}</td>
                  <td>{target.state}</td>
                  <td>{target.issue ?? ''}</td>
                  <td>{target.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Status history</h3>
      {history === null ? (
        <p>Loading…</p>
      ) : (
        <ol className="history" aria-label="Status history, newest first">
          {history.map((event) => (
            <li key={event.cursor}>
              <time dateTime={event.at}>{formatTime(event.at)}</time>{' '}
              {event.previousPhase ? `${PHASE_LABELS[event.previousPhase]} → ` : ''}
              <strong>{event.displayText}</strong>
              {event.message ? <span className="muted"> — {event.message}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
