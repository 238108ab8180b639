import { describedBy, FieldMessages } from './field-messages';

const CHECKBOX_CLASS =
  'mt-0.5 size-5 shrink-0 accent-blue-700 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700';

type CheckboxFieldProps = {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  /** Shown while typing, before the API has been asked. */
  warning?: string;
  error?: string;
  disabled?: boolean;
};

export function CheckboxField(props: CheckboxFieldProps) {
  const { id, label, checked, onChange, hint, warning, error, disabled } = props;
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, hint, warning, error })}
        onChange={(event) => onChange(event.target.checked)}
        className={CHECKBOX_CLASS}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-900">
          {label}
        </label>
        <FieldMessages id={id} hint={hint} warning={warning} error={error} />
      </div>
    </div>
  );
}
