import type { HTMLInputAutoCompleteAttribute } from 'react';
import { INPUT_CLASS } from '@/lib/ui';
import { describedBy, FieldMessages } from './field-messages';

type TextFieldProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'number';
  hint?: string;
  /** Shown while typing, before the API has been asked. */
  warning?: string;
  error?: string;
  required?: boolean;
  autoComplete?: HTMLInputAutoCompleteAttribute;
  inputMode?: 'text' | 'numeric' | 'email';
  placeholder?: string;
  /** Renders a textarea with this many rows instead of a one-line input. */
  rows?: number;
  className?: string;
};

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function TextField(props: TextFieldProps) {
  const { id, label, value, onChange, hint, warning, error, rows, className } = props;
  const common = {
    id,
    name: id,
    value,
    required: props.required,
    placeholder: props.placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy({ id, hint, warning, error }),
    className: INPUT_CLASS,
  };

  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-900">
        {label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {rows ? (
        <textarea {...common} rows={rows} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <FieldMessages id={id} hint={hint} warning={warning} error={error} />
    </div>
  );
}
