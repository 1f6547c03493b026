import { useState } from 'react';
import type { CredentialColumn } from '@credgate/sdk';
import { COLUMNS } from './columns.js';

/** Which columns are shown (the name always is); the choice is remembered per browser. */
export function ColumnsChooser({ visible, onChange }: { visible: readonly CredentialColumn[]; onChange: (columns: CredentialColumn[]) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="popover-host">
      <button type="button" aria-expanded={open} aria-controls="columns-chooser" onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open ? (
        <fieldset className="popover" id="columns-chooser">
          <legend>Columns shown</legend>
          {COLUMNS.map((column) => (
            <label key={column.id}>
              <input
                type="checkbox"
                checked={visible.includes(column.id)}
                disabled={column.id === 'NAME'}
                onChange={(event) => {
                  const chosen = new Set(visible);
                  if (event.target.checked) chosen.add(column.id);
                  else chosen.delete(column.id);
                  onChange(COLUMNS.filter((c) => chosen.has(c.id)).map((c) => c.id));
                }}
              />{' '}
              {column.title}
            </label>
          ))}
          <button type="button" onClick={() => setOpen(false)}>
            Done
          </button>
        </fieldset>
      ) : null}
    </div>
  );
}
