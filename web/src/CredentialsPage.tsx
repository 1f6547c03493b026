import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Connection, Credential, CredentialChangeEvent, CredentialColumn, CredentialOrder, CredentialStatusChangeEvent, CredgateClient } from '@credgate/sdk';
import { ColumnsChooser } from './ColumnsChooser.js';
import { COLUMNS, loadVisibleColumns, saveVisibleColumns, scopePath } from './columns.js';
import { dismissFirstPaint } from './first-paint.js';
import { FilterBar } from './FilterBar.js';
import { useLiveEvents } from './live.js';
import type { ScopeNode } from './org-tree.js';
import type { Caller } from './permissions.js';
import { StatusBadge } from './StatusBadge.js';
import { nextSort, PAGE_SIZES, queryArgsOf, urlOfView, viewFromUrl, whereOf, type View } from './view.js';

// What the first rows do not need is loaded when it is first used, so that the first paint stays cheap.
const DetailsPanel = lazy(() => import('./DetailsPanel.js').then((module) => ({ default: module.DetailsPanel })));
const NewCredentialDialog = lazy(() => import('./NewCredentialDialog.js').then((module) => ({ default: module.NewCredentialDialog })));
const RenameDialog = lazy(() => import('./CredentialDialogs.js').then((module) => ({ default: module.RenameDialog })));
const DeleteDialog = lazy(() => import('./CredentialDialogs.js').then((module) => ({ default: module.DeleteDialog })));
const OrgTreeDialog = lazy(() => import('./CredentialDialogs.js').then((module) => ({ default: module.OrgTreeDialog })));

/** The gateway's export limit (API.md): X-Export-Truncated says when more rows matched. */
const EXPORT_LIMIT = 20_000;
const DEFAULT_SORT: CredentialOrder[] = [{ column: 'NAME', direction: 'ASC' }];

type Dialog =
  | { kind: 'new' }
  | { kind: 'rename'; credential: Credential }
  | { kind: 'delete'; credential: Credential }
  | { kind: 'tree'; scope: { type: string; id: string } }
  | null;

/** A status event is applied over a loaded row unless the row is already newer. */
function withStatus(credential: Credential, event: CredentialStatusChangeEvent): Credential {
  return { ...credential, status: { ...credential.status, phase: event.phase, displayText: event.displayText, reason: event.reason, message: event.message, updatedAt: event.at } };
}

/** The first page, asked for while the caller was still being checked: used once if the view is still the same. */
export interface Prefetch {
  key: string;
  page: Promise<Connection<Credential>>;
}

export function CredentialsPage({ client, caller, onSignOut, prefetch }: { client: CredgateClient; caller: Caller; onSignOut: () => void; prefetch?: Prefetch | null }) {
  const [view, setView] = useState<View>(() => viewFromUrl(window.location.search));
  const [columns, setColumns] = useState<CredentialColumn[]>(loadVisibleColumns);
  const [page, setPage] = useState<Connection<Credential> | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Credential | null>(null);
  const [panelRevision, setPanelRevision] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [scopes, setScopes] = useState<ScopeNode[] | null>(null);
  const [notice, setNotice] = useState('');
  const [exportNote, setExportNote] = useState('');
  const [searchText, setSearchText] = useState(view.search);

  // The newest status event seen per credential: a page loaded meanwhile must not put an older status back.
  const latestStatus = useRef(new Map<string, CredentialStatusChangeEvent>());
  const loadSeq = useRef(0);
  const selectedId = selected?.id ?? null;

  const where = useMemo(() => whereOf(view.filters), [view.filters]);
  const orderBy = view.sort.length ? view.sort : null;

  const changeView = useCallback((change: Partial<View>, keepPage = false) => {
    setView((current) => {
      const next: View = { ...current, ...change, ...(keepPage ? {} : { after: null, before: null }) };
      const url = urlOfView(next);
      if (url !== window.location.search) window.history.pushState(null, '', url);
      return next;
    });
  }, []);

  useEffect(() => {
    const onPop = () => {
      const next = viewFromUrl(window.location.search);
      setView(next);
      setSearchText(next.search);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const merge = useCallback((credential: Credential): Credential => {
    const event = latestStatus.current.get(credential.id);
    return event && Date.parse(event.at) > Date.parse(credential.status.updatedAt) ? withStatus(credential, event) : credential;
  }, []);

  const prefetched = useRef(prefetch ?? null);
  /** The newest load whose rows are shown, and the view the newest load is for. */
  const appliedSeq = useRef(0);
  const viewKey = useRef('');
  const load = useCallback(async () => {
    const seq = ++loadSeq.current;
    setLoading(true);
    const args = queryArgsOf(view);
    const key = JSON.stringify(args);
    viewKey.current = key;
    try {
      const early = prefetched.current?.key === key ? prefetched.current.page : null;
      prefetched.current = null;
      const loaded = await (early ?? client.credentials(args));
      // An older load of the same view may still show its rows while a newer one (a refresh once
      // the live streams are open) is on its way; an older one never replaces a newer one.
      if (seq <= appliedSeq.current || (seq !== loadSeq.current && key !== viewKey.current)) return;
      appliedSeq.current = seq;
      setPage({ ...loaded, edges: loaded.edges.map((edge) => ({ ...edge, node: merge(edge.node) })) });
      setLoadError(null);
    } catch (error) {
      if (seq === loadSeq.current) setLoadError(error instanceof Error ? error.message : 'The credentials could not be loaded');
    } finally {
      if (seq === loadSeq.current) setLoading(false);
    }
  }, [client, view, merge]);

  // React's table replaces the entry script's picture of the first rows in the same frame.
  useLayoutEffect(() => {
    if (page || loadError) dismissFirstPaint();
  }, [page, loadError]);

  useEffect(() => {
    void load();
  }, [load]);

  const loadRef = useRef(load);
  loadRef.current = load;
  const selectedIdRef = useRef(selectedId);
  selectedIdRef.current = selectedId;

  const connection = useLiveEvents({
    onFirstConnected: () => void loadRef.current(),
    onStatus: (event) => {
      const seen = latestStatus.current.get(event.credential.id);
      if (!seen || seen.sequence < event.sequence) latestStatus.current.set(event.credential.id, event);
      if (latestStatus.current.size > 5_000) latestStatus.current.delete(latestStatus.current.keys().next().value as string);
      setPage((current) =>
        current && current.edges.some((edge) => edge.node.id === event.credential.id)
          ? { ...current, edges: current.edges.map((edge) => (edge.node.id === event.credential.id ? { ...edge, node: merge({ ...event.credential, status: edge.node.status }) } : edge)) }
          : current,
      );
      if (event.credential.id === selectedIdRef.current) setPanelRevision((revision) => revision + 1);
    },
    onChange: (event: CredentialChangeEvent) => {
      if (event.change === 'CREATED') {
        void loadRef.current();
      } else if (event.change === 'DELETED') {
        setPage((current) =>
          current && current.edges.some((edge) => edge.node.id === event.credentialId)
            ? { ...current, totalCount: current.totalCount - 1, edges: current.edges.filter((edge) => edge.node.id !== event.credentialId) }
            : current,
        );
        if (event.credentialId === selectedIdRef.current) setSelected(null);
      } else if (event.credential) {
        const updated = event.credential;
        setPage((current) => (current ? { ...current, edges: current.edges.map((edge) => (edge.node.id === updated.id ? { ...edge, node: merge(updated) } : edge)) } : current));
        if (updated.id === selectedIdRef.current) {
          setSelected(merge(updated));
          setPanelRevision((revision) => revision + 1);
        }
      }
    },
  });
  const ensureScopes = useCallback(() => {
    if (scopes === null) {
      import('./org-tree.js')
        .then((module) => module.loadOrgTree(client))
        .then(setScopes, () => setScopes([]));
    }
  }, [client, scopes]);

  const chooseColumns = (next: CredentialColumn[]) => {
    setColumns(next);
    saveVisibleColumns(next);
  };

  const download = async () => {
    setExportNote('Preparing the download…');
    try {
      const csv = await client.downloadCredentialsCsv({ where, search: view.search || null, orderBy, columns });
      const blob = new Blob([await new Response(csv.stream).arrayBuffer()], { type: 'text/csv' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `credentials-${new Date().toISOString().slice(0, 19).replaceAll(':', '-')}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      const total = csv.totalCount ?? 0;
      setExportNote(
        csv.truncated
          ? `The download holds the first ${EXPORT_LIMIT.toLocaleString()} of ${total.toLocaleString()} matching credentials (the export limit).`
          : `Downloaded ${total.toLocaleString()} ${total === 1 ? 'credential' : 'credentials'}.`,
      );
    } catch (error) {
      setExportNote(`The download failed: ${error instanceof Error ? error.message : 'unknown error'}`);
    }
  };

  const shownColumns = COLUMNS.filter((column) => columns.includes(column.id));
  const effectiveSort = view.sort.length ? view.sort : DEFAULT_SORT;
  const rows = page?.edges.map((edge) => edge.node) ?? [];
  const firstIndex = view.after || view.before ? null : 1;

  return (
    <div className={selected ? 'layout with-panel' : 'layout'}>
      <header className="top">
        <div className="brand">credgate</div>
        <div className="who">
          <span>
            {caller.userName} <span className="muted">({caller.roles})</span>
          </span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="content">
        <h1>Credentials</h1>
        {connection === 'lost' ? (
          <p className="banner banner-warning" role="alert">
            The live connection to the gateway was lost. Reconnecting; changes made meanwhile will follow.
          </p>
        ) : null}
        <div className="toolbar">
          {caller.mayCreate ? (
            <button
              type="button"
              className="primary"
              onClick={() => {
                ensureScopes();
                setDialog({ kind: 'new' });
              }}
            >
              + NEW CREDENTIAL
            </button>
          ) : null}
          <form
            className="search"
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              changeView({ search: searchText.trim() });
            }}
          >
            <label htmlFor="search">Search</label>
            <input
              id="search"
              type="search"
              value={searchText}
              placeholder="Search credentials"
              onChange={(event) => {
                setSearchText(event.target.value);
                changeView({ search: event.target.value.trim() });
              }}
            />
          </form>
          <ColumnsChooser visible={columns} onChange={chooseColumns} />
          <button type="button" onClick={download}>
            Download as CSV
          </button>
          <button type="button" onClick={() => void load()}>
            Refresh
          </button>
        </div>
        <FilterBar filters={view.filters} onChange={(filters) => changeView({ filters })} />
        <p className="status-line" role="status">
          {exportNote ? <span className="export-note">{exportNote} </span> : null}
          {notice}
        </p>
        {loadError ? (
          <p className="banner banner-error" role="alert">
            {loadError}
          </p>
        ) : null}
        <div className="table-scroll" role="region" aria-label="Credentials table" tabIndex={0}>
          <table className="credentials" aria-busy={loading}>
            <caption className="visually-hidden">Credentials; column headers sort (shift adds a sort key)</caption>
            <thead>
              <tr>
                {shownColumns.map((column) => {
                  const index = effectiveSort.findIndex((order) => order.column === column.id);
                  const order = index >= 0 ? effectiveSort[index] : undefined;
                  const ariaSort = index === 0 ? (order?.direction === 'DESC' ? 'descending' : 'ascending') : undefined;
                  return (
                    <th key={column.id} scope="col" aria-sort={ariaSort}>
                      <button
                        type="button"
                        className="sort-button"
                        onClick={(event) => changeView({ sort: nextSort(effectiveSort, column.id, event.shiftKey) })}
                      >
                        {column.title}
                        {order ? (
                          <span className="sort-mark" aria-hidden="true">
                            {order.direction === 'ASC' ? ' ▲' : ' ▼'}
                            {effectiveSort.length > 1 ? index + 1 : ''}
                          </span>
                        ) : null}
                        {order && index > 0 ? <span className="visually-hidden"> (sort key {index + 1}, {order.direction === 'ASC' ? 'ascending' : 'descending'})</span> : null}
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((credential) => (
                <tr
                  key={credential.id}
                  data-id={credential.id}
                  className={credential.id === selectedId ? 'selected' : undefined}
                  aria-selected={credential.id === selectedId}
                  onClick={(event) => {
                    if (!(event.target as HTMLElement).closest('button')) setSelected(credential);
                  }}
                >
                  {shownColumns.map((column) => (
                    <td key={column.id} data-column={column.id}>
                      {column.id === 'NAME' ? (
                        <button type="button" className="link-button" aria-label={`${credential.name}, show details`} onClick={() => setSelected(credential)}>
                          {credential.name}
                        </button>
                      ) : column.id === 'STATUS' ? (
                        <StatusBadge phase={credential.status.phase} text={credential.status.displayText} />
                      ) : column.id === 'SCOPE' ? (
                        <button
                          type="button"
                          className="link-button"
                          title="Show in the organisation tree"
                          onClick={() => {
                            ensureScopes();
                            setDialog({ kind: 'tree', scope: { type: credential.scope.type, id: credential.scope.id } });
                          }}
                        >
                          {scopePath(credential)}
                        </button>
                      ) : (
                        column.text(credential)
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {page && rows.length === 0 ? <p className="empty">No credentials match.</p> : null}
        </div>
        <nav className="pager" aria-label="Pages">
          <span>
            {page ? (
              firstIndex ? (
                `${rows.length === 0 ? 0 : 1}–${rows.length} of ${page.totalCount.toLocaleString()}`
              ) : (
                `${rows.length} of ${page.totalCount.toLocaleString()}`
              )
            ) : 'Loading…'}
          </span>
          <label>
            Rows per page{' '}
            <select value={view.pageSize} onChange={(event) => changeView({ pageSize: Number(event.target.value) })}>
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!view.after && !view.before} onClick={() => changeView({})}>
            First page
          </button>
          <button
            type="button"
            disabled={!page || (!view.after && !view.before) || (Boolean(view.before) && !page.pageInfo.hasPreviousPage)}
            onClick={() => page && changeView({ before: page.pageInfo.startCursor, after: null }, true)}
          >
            Previous page
          </button>
          <button
            type="button"
            disabled={!page || !(view.before ? page.edges.length > 0 : page.pageInfo.hasNextPage)}
            onClick={() => page && changeView({ after: page.pageInfo.endCursor, before: null }, true)}
          >
            Next page
          </button>
        </nav>
      </main>
      <Suspense fallback={null}>
        {selected ? (
          <DetailsPanel
            client={client}
            credential={rows.find((row) => row.id === selected.id) ?? selected}
            revision={panelRevision}
            onClose={() => setSelected(null)}
            onRename={() => setDialog({ kind: 'rename', credential: rows.find((row) => row.id === selected.id) ?? selected })}
            onDelete={() => setDialog({ kind: 'delete', credential: selected })}
          />
        ) : null}
        {dialog?.kind === 'new' ? (
          <NewCredentialDialog
            client={client}
            scopes={scopes ?? []}
            onClose={() => setDialog(null)}
            onCreated={(name) => {
              setDialog(null);
              setNotice(`Created ${name}.`);
              void load();
            }}
          />
        ) : null}
        {dialog?.kind === 'rename' ? (
          <RenameDialog
            client={client}
            credential={dialog.credential}
            onClose={() => setDialog(null)}
            onDone={(credential) => {
              setDialog(null);
              setNotice(`Saved ${credential.name}.`);
              setSelected(merge(credential));
              setPage((current) => (current ? { ...current, edges: current.edges.map((edge) => (edge.node.id === credential.id ? { ...edge, node: merge(credential) } : edge)) } : current));
            }}
          />
        ) : null}
        {dialog?.kind === 'delete' ? (
          <DeleteDialog
            client={client}
            credential={dialog.credential}
            onClose={() => setDialog(null)}
            onDone={() => {
              setNotice(`Deleting ${dialog.credential.name}.`);
              setDialog(null);
              setSelected(null);
              void load();
            }}
          />
        ) : null}
        {dialog?.kind === 'tree' ? <OrgTreeDialog scopes={scopes} highlight={dialog.scope} onClose={() => setDialog(null)} /> : null}
      </Suspense>
    </div>
  );
}
