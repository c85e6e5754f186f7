import { useId } from 'react';
import type { FieldError } from '@sipwatch/wire';
import { didYouMean } from '../../lib/did-you-mean';
import { FormField } from './FormField';

/**
 * A scope field that offers the names seen (a native list: free text stays allowed, for a trunk
 * not seen yet) and warns, without refusing, when the name typed was not seen, with the seen name
 * it most likely meant: a rule on a misspelt trunk would otherwise sit with no data for ever.
 */
export function SeenNameField({
  label,
  field,
  kind,
  errors,
  hint,
  value,
  seen,
  onChange,
}: {
  label: string;
  field: string;
  /** "trunk", "source" or "method", for the warning's words. */
  kind: string;
  errors: readonly FieldError[];
  hint?: string;
  value: string;
  /** The names seen, or undefined while unknown (then nothing is said). */
  seen: readonly string[] | undefined;
  onChange: (value: string) => void;
}) {
  const listId = useId();
  const typed = value.trim();
  const unseen = seen !== undefined && typed !== '' && !seen.includes(typed);
  const meant = unseen ? didYouMean(typed, seen) : null;
  return (
    <FormField label={label} field={field} errors={errors} hint={hint}>
      {(p) => (
        <>
          <input
            {...p}
            list={listId}
            value={value}
            autoComplete="off"
            onChange={(e) => onChange(e.target.value)}
          />
          <datalist id={listId}>
            {seen?.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          {unseen && (
            <span className="field-warning" role="status" data-testid={`unseen-${field}`}>
              No {kind} named “{typed}” was seen in the last 24 hours.
              {meant !== null && (
                <>
                  {' '}
                  Did you mean{' '}
                  <button type="button" className="link-button" onClick={() => onChange(meant)}>
                    {meant}
                  </button>
                  ?
                </>
              )}
            </span>
          )}
        </>
      )}
    </FormField>
  );
}
