import { INPUT_CLASS } from '@/lib/ui';
import { describedBy, FieldMessages } from './field-messages';

export type SelectOption = { value: string; label: string };

type SelectFieldProps = {
  id: string;
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  hint?: string;
  /** Shown while typing, before the API has been asked. */
  warning?: string;
  error?: string;
  required?: boolean;
  className?: string;
};

/** A labelled native select: keyboard and screen readers work without extra code. */
export function SelectField(props: SelectFieldProps) {
  const { id, label, value, options, onChange, hint, warning, error, className } = props;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-900">
        {label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        id={id}
        name={id}
        value={value}
        required={props.required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, hint, warning, error })}
        onChange={(event) => onChange(event.target.value)}
        className={INPUT_CLASS}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} hint={hint} warning={warning} error={error} />
    </div>
  );
}
