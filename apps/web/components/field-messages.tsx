type FieldMessagesProps = { id: string; hint?: string; warning?: string; error?: string };

/** Ids of the hint, warning and error paragraphs, for a field's aria-describedby. */
export function describedBy({ id, hint, warning, error }: FieldMessagesProps): string | undefined {
  const ids = [hint && `${id}-hint`, warning && `${id}-warning`, error && `${id}-error`];
  const present = ids.filter(Boolean);
  return present.length > 0 ? present.join(' ') : undefined;
}

/**
 * Below a field: the hint, a warning computed while typing, and the API's reason in red.
 * All three are linked to the field, so screen readers read them with its label.
 */
export function FieldMessages({ id, hint, warning, error }: FieldMessagesProps) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {warning ? (
        <p id={`${id}-warning`} className="mt-1 text-sm text-amber-900">
          <span aria-hidden="true">⚠ </span>
          {warning}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </>
  );
}
