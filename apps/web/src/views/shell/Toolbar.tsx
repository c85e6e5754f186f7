import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { TIME_INPUT_HINT, fromTimeInput, toTimeInput } from '@sipwatch/wire/metrics';
import type { FilterKey, RangeKey, ViewState } from '../../lib/view-state';
import { HISTORY_RANGES, LIVE_RANGES, RANGE_LABELS, isLiveRange, withFilter } from '../../lib/view-state';
import { useLive } from '../../store/react';
import { TimeInput } from './TimeInput';

export interface FilterOptions {
  trunks: readonly string[];
  sources: readonly string[];
  methods: readonly string[];
}

const COMMON_METHODS = [
  'INVITE',
  'REGISTER',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'SUBSCRIBE',
  'NOTIFY',
  'MESSAGE',
  'REFER',
  'UPDATE',
  'INFO',
  'PRACK',
];

function withCurrent(options: readonly string[], current: string | undefined): string[] {
  const all = new Set(options);
  if (current) all.add(current);
  return [...all].sort((a, b) => a.localeCompare(b));
}

function RangeButtons({
  view,
  onChange,
  ranges,
  label,
}: {
  view: ViewState;
  onChange: (v: ViewState) => void;
  ranges: readonly RangeKey[];
  label: string;
}) {
  return (
    <div role="group" aria-label={label} className="button-group">
      {ranges.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={view.range === r}
          onClick={() => onChange({ ...view, range: r, from: undefined, to: undefined })}
        >
          {RANGE_LABELS[r]}
        </button>
      ))}
    </div>
  );
}

function CustomRange({ view, onChange }: { view: ViewState; onChange: (v: ViewState) => void }) {
  const [open, setOpen] = useState(view.range === 'custom');
  const now = Date.now();
  const [from, setFrom] = useState(toTimeInput(view.from ?? now - 3_600_000));
  const [to, setTo] = useState(toTimeInput(view.to ?? now));
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = fromTimeInput(from);
    const t = fromTimeInput(to);
    if (f === null || t === null) return setError(`Both ends are needed, as ${TIME_INPUT_HINT}.`);
    if (f >= t) return setError('"From" must be before "to".');
    setError(null);
    onChange({ ...view, range: 'custom', from: f, to: t });
  };
  return (
    <div className="custom-range">
      <button
        type="button"
        aria-expanded={open}
        aria-pressed={view.range === 'custom'}
        onClick={() => setOpen((o) => !o)}
      >
        Custom…
      </button>
      {open && (
        <form onSubmit={submit} aria-label="Custom time range" className="custom-range-form">
          <label htmlFor={`${id}-from`}>From</label>
          <TimeInput id={`${id}-from`} value={from} onText={setFrom} />
          <label htmlFor={`${id}-to`}>To</label>
          <TimeInput id={`${id}-to`} value={to} onText={setTo} />
          <button type="submit">Apply</button>
          {error && (
            <span role="alert" className="form-error">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}

function PauseButton() {
  const paused = useLive((s) => s.frozen !== null);
  const pause = useLive((s) => s.pause);
  const resume = useLive((s) => s.resume);
  return (
    <button type="button" aria-pressed={paused} onClick={paused ? resume : pause} className="pause-button">
      {paused ? '▶ Resume live' : '❚❚ Pause'}
    </button>
  );
}

function FilterSelect({
  name,
  label,
  options,
  view,
  onChange,
}: {
  name: FilterKey;
  label: string;
  options: readonly string[];
  view: ViewState;
  onChange: (v: ViewState) => void;
}) {
  const id = useId();
  const current = view.filter[name];
  return (
    <span className="filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={current ?? ''}
        onChange={(e) => onChange(withFilter(view, name, e.target.value || undefined))}
      >
        <option value="">All</option>
        {withCurrent(options, current).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Time range, pause and filters. Everything it sets lives in the URL. Hidden on the wall. */
export function Toolbar({
  view,
  onChange,
  options,
}: {
  view: ViewState;
  onChange: (v: ViewState) => void;
  options: FilterOptions;
}) {
  const hasFilter = Object.keys(view.filter).length > 0;
  // On a phone the controls fold behind one button that says what they are set to.
  const [open, setOpen] = useState(false);
  const setTo = [
    view.range === 'custom' ? 'custom range' : RANGE_LABELS[view.range],
    ...Object.entries(view.filter).map(([k, v]) => `${k} ${v}`),
  ].join(' · ');
  return (
    <div
      className="toolbar"
      role="toolbar"
      aria-label="Time range and filters"
      data-testid="controls"
      data-open={open}
    >
      <button
        type="button"
        className="toolbar-toggle"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide range and filters' : `Range and filters: ${setTo}`}
      </button>
      <RangeButtons view={view} onChange={onChange} ranges={LIVE_RANGES} label="Live windows" />
      <RangeButtons view={view} onChange={onChange} ranges={HISTORY_RANGES} label="History" />
      <CustomRange view={view} onChange={onChange} />
      {isLiveRange(view.range) && <PauseButton />}
      <span className="toolbar-spacer" />
      <FilterSelect name="trunk" label="Trunk" options={options.trunks} view={view} onChange={onChange} />
      <FilterSelect name="source" label="Source" options={options.sources} view={view} onChange={onChange} />
      <FilterSelect
        name="method"
        label="Method"
        options={[...new Set([...COMMON_METHODS, ...options.methods])]}
        view={view}
        onChange={onChange}
      />
      {hasFilter && (
        <button type="button" onClick={() => onChange({ ...view, filter: {} })}>
          Clear filters
        </button>
      )}
    </div>
  );
}
