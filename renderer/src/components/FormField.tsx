import type { ReactNode } from 'react';

interface FormFieldProps {
  /** The id of the input inside; the hint and error get ids derived from it. */
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
}

/** A labelled field with an optional hint and error message below its input. */
export function FormField({ id, label, hint, error, children }: FormFieldProps) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="error-text">
          {error}
        </span>
      )}
    </div>
  );
}

/** The input's `aria-describedby`: the ids of whichever of the field's hint and error are shown. */
export function fieldDescribedBy(id: string, shown: { hint?: unknown; error?: unknown }): string | undefined {
  const ids = [shown.hint ? `${id}-hint` : null, shown.error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
