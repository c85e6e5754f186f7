import { useId } from 'react';
import type { ReactNode } from 'react';
import type { FieldError } from '@sipwatch/wire';
import { reasonsFor } from './rule-draft';

export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * A labelled control with its hint and its errors beside it. The errors are the field's entries of
 * a `{ field, reason }` list (the server's 400 answer, or the same checks run in the browser), so
 * the control's accessible description names the problem.
 */
export function FormField({
  label,
  field,
  errors,
  hint,
  className,
  children,
}: {
  label: string;
  field: string;
  errors: readonly FieldError[];
  hint?: ReactNode;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const reasons = reasonsFor(errors, field);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = reasons.length ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${className ? ` ${className}` : ''}`} data-field={field}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': reasons.length > 0, 'aria-describedby': describedBy })}
      {reasons.length > 0 && (
        <span className="field-error" id={errorId} data-testid={`error-${field}`}>
          {reasons.join('; ')}
        </span>
      )}
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}
