'use client';

import type { ReactNode } from 'react';
import { FieldError } from '@/components/ui/states';
import styles from './editor.module.css';

/** Field errors from a 422, keyed by the API's field path (e.g. "stages.Deploy.tasks.T.input.url"). */
export type FieldErrors = Record<string, string>;

/** Errors at or under a path prefix (for badges on stages and tasks). */
export const errorsUnder = (errors: FieldErrors, prefix: string) =>
  Object.keys(errors).filter((p) => p === prefix || p.startsWith(prefix + '.')).length;

export function TextField({
  label,
  value,
  onChange,
  error,
  placeholder,
  mono,
  type = 'text',
  hint,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  placeholder?: string;
  mono?: boolean;
  type?: 'text' | 'number';
  hint?: ReactNode;
}) {
  return (
    <div className={styles.field}>
      <label>
        {label}
        <input
          type={type}
          value={value}
          placeholder={placeholder}
          className={mono ? 'mono' : undefined}
          aria-invalid={!!error}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {hint && <span className="muted small">{hint}</span>}
      <FieldError message={error} />
    </div>
  );
}

export function AreaField({
  label,
  value,
  onChange,
  error,
  rows = 3,
  hint,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  rows?: number;
  hint?: ReactNode;
}) {
  return (
    <div className={styles.field}>
      <label>
        {label}
        <textarea
          value={value}
          rows={rows}
          className="mono"
          aria-invalid={!!error}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {hint && <span className="muted small">{hint}</span>}
      <FieldError message={error} />
    </div>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  error,
}: {
  label: string;
  value: T;
  options: readonly (T | { value: T; label: string })[];
  onChange: (v: T) => void;
  error?: string;
}) {
  return (
    <div className={styles.field}>
      <label>
        {label}
        <select
          value={value}
          aria-invalid={!!error}
          onChange={(e) => onChange(e.target.value as T)}
        >
          {options.map((o) => {
            const opt = typeof o === 'string' ? { value: o, label: o } : o;
            return (
              <option key={opt.value} value={opt.value}>
                {opt.label}
              </option>
            );
          })}
        </select>
      </label>
      <FieldError message={error} />
    </div>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  error,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string;
}) {
  return (
    <>
      <label className="inline">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      <FieldError message={error} />
    </>
  );
}

/** A number field that also accepts a `${…}` binding (kept as text). */
export function numberOrText(v: string): number | string | undefined {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && /^-?\d+(\.\d+)?$/.test(v.trim()) ? n : v;
}
