import { useId, useRef, useState } from 'react';
import type { FieldError } from '@sipwatch/wire';
import type { ImportSummary, RuleFileFormat } from '../../api/alerts';
import { ApiError } from '../../api/alerts';
import { useAlertsApi } from '../../api/alerts-react';
import { ActionMessage } from './ActionMessage';
import { useAction } from './use-action';

/** A rule file is JSON when it says so by its name or its first character; YAML otherwise. */
export function ruleFileFormat(name: string, text: string): RuleFileFormat {
  if (/\.json$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

export function importSummaryText(s: ImportSummary): string {
  const parts = [
    s.created.length && `created ${s.created.join(', ')}`,
    s.updated.length && `updated ${s.updated.join(', ')}`,
    s.deleted.length && `deleted ${s.deleted.join(', ')}`,
  ].filter(Boolean);
  return parts.length ? `Imported: ${parts.join('; ')}.` : 'Imported: the file had no rules.';
}

/** A chosen file's text (FileReader: older engines have no File.text()). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsText(file);
  });
}

function download(text: string, format: RuleFileFormat): void {
  const blob = new Blob([text], { type: format === 'json' ? 'application/json' : 'application/yaml' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `sipwatch-alert-rules.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Rules as code: download every rule as YAML or JSON, or apply such a file (all or nothing). */
export function ImportExport({ onImported }: { onImported: () => void }) {
  const api = useAlertsApi();
  const [action, run] = useAction();
  const [importErrors, setImportErrors] = useState<readonly FieldError[]>([]);
  const [prune, setPrune] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const exportAs = (format: RuleFileFormat) =>
    void run(
      async () => download(await api.exportRules(format), format),
      () => `Exported the rules as ${format.toUpperCase()}.`,
    );

  const importFile = async () => {
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setImportErrors([]);
    const text = await readText(file);
    const summary = await run(
      async () => {
        try {
          return await api.importRules({ text, format: ruleFileFormat(file.name, text) }, prune);
        } catch (err) {
          if (err instanceof ApiError) setImportErrors(err.errors);
          throw err;
        }
      },
      (s) => importSummaryText(s),
    );
    if (summary) {
      if (fileRef.current) fileRef.current.value = '';
      onImported();
    }
  };

  return (
    <section className="panel import-export" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Rules as code</h2>
      <div className="button-row">
        <button type="button" onClick={() => exportAs('yaml')} disabled={action.busy}>
          Export YAML
        </button>
        <button type="button" onClick={() => exportAs('json')} disabled={action.busy}>
          Export JSON
        </button>
        <label htmlFor={`${id}-file`}>Rule file</label>
        <input id={`${id}-file`} ref={fileRef} type="file" accept=".yaml,.yml,.json,application/json" />
        <label className="checkbox">
          <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> Delete rules
          the file does not have
        </label>
        <button type="button" onClick={() => void importFile()} disabled={action.busy}>
          Import
        </button>
      </div>
      <ActionMessage state={action} />
      {importErrors.length > 0 && (
        <ul className="field-error" data-testid="import-errors">
          {importErrors.map((e) => (
            <li key={`${e.field}:${e.reason}`}>
              {e.field}: {e.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
