import { useId } from 'react';
import type { InputHTMLAttributes } from 'react';
import { TIME_INPUT_HINT, fromTimeInput, timeZoneLabel } from '@sipwatch/wire/metrics';

/**
 * A time typed as "YYYY-MM-DD HH:MM", in the zone the dashboard shows (named beside it): the same
 * ISO order as every heading, where the browser's date picker would use the locale's order and
 * the browser's zone whatever the switch says.
 */
export function TimeInput({
  value,
  onText,
  'aria-describedby': describedBy,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
  value: string;
  onText: (text: string) => void;
}) {
  const zoneId = useId();
  const invalid = value.trim() !== '' && fromTimeInput(value) === null;
  return (
    <span className="time-input">
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={TIME_INPUT_HINT}
        size={16}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={[zoneId, describedBy].filter(Boolean).join(' ')}
        onChange={(e) => onText(e.target.value)}
      />
      <span className="time-input-zone" id={zoneId}>
        {TIME_INPUT_HINT}, {timeZoneLabel()}
      </span>
    </span>
  );
}
