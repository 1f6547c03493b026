import { useState, type FormEvent } from 'react';
import type { CredentialColumn } from '@credgate/sdk';
import { COLUMNS, columnById } from './columns.js';
import { Field } from './forms.js';
import { OPERATORS, operatorLabel, type Filter, type Operator } from './view.js';

function valueText(filter: Filter): string {
  const def = columnById(filter.column);
  if (def?.filter === 'enum') return filter.values.map((value) => def.options?.find((option) => option.value === value)?.label ?? value).join(' or ');
  return filter.values.map((value) => `"${value}"`).join(' or ');
}

export function chipText(filter: Filter): string {
  return `${columnById(filter.column)?.title ?? filter.column} ${operatorLabel(filter)} ${valueText(filter)}`;
}

/** The filter chips, each removable, and ADD FILTER: a column, an operator and values. */
export function FilterBar({ filters, onChange }: { filters: readonly Filter[]; onChange: (filters: Filter[]) => void }) {
  const [adding, setAdding] = useState(false);
  return (
    <div className="filter-bar">
      <ul className="chips" aria-label="Filters">
        {filters.map((filter, index) => (
          <li className="chip" key={`${index}-${JSON.stringify(filter)}`}>
            <span>{chipText(filter)}</span>
            <button type="button" className="chip-remove" aria-label={`Remove filter: ${chipText(filter)}`} onClick={() => onChange(filters.filter((_, i) => i !== index))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {adding ? (
        <AddFilterForm
          onAdd={(filter) => {
            onChange([...filters, filter]);
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="text-button" aria-expanded={false} onClick={() => setAdding(true)}>
          + ADD FILTER
        </button>
      )}
    </div>
  );
}

function AddFilterForm({ onAdd, onCancel }: { onAdd: (filter: Filter) => void; onCancel: () => void }) {
  const [column, setColumn] = useState<CredentialColumn>('NAME');
  const def = columnById(column) ?? COLUMNS[0];
  const [op, setOp] = useState<Operator>(OPERATORS[def.filter][0].op);
  const [values, setValues] = useState<string[]>(['']);
  const [choices, setChoices] = useState<string[]>([]);

  const chooseColumn = (next: CredentialColumn) => {
    const nextDef = columnById(next) ?? COLUMNS[0];
    setColumn(next);
    if (nextDef.filter !== def.filter) {
      setOp(OPERATORS[nextDef.filter][0].op);
      setValues(['']);
      setChoices([]);
    }
  };

  const picked = def.filter === 'enum' ? choices : values.map((value) => value.trim()).filter((value) => value !== '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (picked.length === 0) return;
    onAdd({ column, op, values: def.filter === 'time' ? [picked[0]] : picked });
  };

  return (
    <form className="add-filter" aria-label="Add a filter" onSubmit={submit}>
      <Field label="Column">
        {(props) => (
          <select {...props} value={column} onChange={(event) => chooseColumn(event.target.value as CredentialColumn)}>
            {COLUMNS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Operator">
        {(props) => (
          <select {...props} value={op} onChange={(event) => setOp(event.target.value as Operator)}>
            {OPERATORS[def.filter].map((option) => (
              <option key={option.op} value={option.op}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {def.filter === 'enum' ? (
        <fieldset className="choice">
          <legend>Values</legend>
          {def.options?.map((option) => (
            <label key={option.value}>
              <input
                type="checkbox"
                checked={choices.includes(option.value)}
                onChange={(event) => setChoices((list) => (event.target.checked ? [...list, option.value] : list.filter((value) => value !== option.value)))}
              />{' '}
              {option.label}
            </label>
          ))}
        </fieldset>
      ) : def.filter === 'time' ? (
        <Field label="Time">
          {(props) => <input {...props} type="datetime-local" value={values[0]} onChange={(event) => setValues([event.target.value])} />}
        </Field>
      ) : (
        <div className="filter-values">
          {values.map((value, index) => (
            <Field key={index} label={index === 0 ? 'Value' : `Or value ${index + 1}`}>
              {(props) => <input {...props} type="text" value={value} onChange={(event) => setValues((list) => list.map((item, i) => (i === index ? event.target.value : item)))} />}
            </Field>
          ))}
          <button type="button" className="link-button" onClick={() => setValues((list) => [...list, ''])}>
            + Another value
          </button>
        </div>
      )}
      <div className="add-filter-actions">
        <button type="submit" className="primary" disabled={picked.length === 0}>
          Apply
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
