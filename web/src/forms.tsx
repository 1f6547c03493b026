import { useId, type ReactNode } from 'react';
import type { FieldError } from '@credgate/sdk';

/** Field errors by their input path ("name", "entries.0.value"); the rest are shown above the form. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(errors: readonly FieldError[]): FieldErrors {
  const byPath: FieldErrors = {};
  for (const error of errors) {
    const key = error.path.join('.') || '';
    byPath[key] = byPath[key] ? `${byPath[key]}; ${error.message}` : error.message;
  }
  return byPath;
}

/** Errors whose path names none of the fields on screen. */
export function unplacedErrors(errors: FieldErrors, placed: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([path]) => !placed.includes(path))
    .map(([path, message]) => (path ? `${path}: ${message}` : message));
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}

/** A labelled input with its hint and its error, tied together for screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormErrors({ messages }: { messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="form-errors" role="alert">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
