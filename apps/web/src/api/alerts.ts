import type {
  AlertStateName,
  AlertTransition,
  AlertView,
  BacktestResult,
  DeliveryOutcome,
  ImportSummary,
  Silence,
} from '@sipwatch/wire';

import { ApiError, request } from './http';

export { ApiError } from './http';
import { elevatedToken, readToken } from './token';

export type { DeliveryOutcome, ImportSummary } from '@sipwatch/wire';

/**
 * The alerts REST API (/api/v1/alerts) as the dashboard uses it. Reads need a viewer, writes an
 * admin; every call sends the admin token when the user gave one, else the sign-in token (reads
 * too: an admin token then shows target URLs and secrets). Every change goes as JSON, even one
 * with nothing to say: the server takes no other kind, which keeps other sites' forms out.
 */

export interface HistoryQuery {
  rule?: string;
  state?: AlertStateName;
  from?: number;
  to?: number;
  /** The id of the oldest row already shown: the next page starts below it. */
  before?: number;
  limit?: number;
}

export interface HistoryPage {
  history: AlertTransition[];
  next: number | null;
}

export interface SilenceRequest {
  ruleId: string;
  until: number;
  comment: string;
}

export type RuleFileFormat = 'yaml' | 'json';

export interface AlertsApi {
  rules(signal?: AbortSignal): Promise<AlertView[]>;
  /** Creates a rule (the body as a user wrote it; the server fills defaults). */
  create(input: unknown): Promise<AlertView>;
  /** Replaces the whole rule. */
  replace(id: string, input: unknown): Promise<AlertView>;
  /** Replaces the given top-level fields, e.g. `{ enabled: false }`. */
  patch(id: string, fields: Record<string, unknown>): Promise<AlertView>;
  remove(id: string): Promise<void>;
  /** Backtests a rule, saved or not, on the last 24 hours of stored rollups. */
  preview(input: unknown): Promise<BacktestResult>;
  testNotification(id: string): Promise<DeliveryOutcome[]>;
  ack(id: string, body: { note: string }): Promise<AlertView>;
  silences(signal?: AbortSignal): Promise<Silence[]>;
  silence(request: SilenceRequest): Promise<Silence>;
  unsilence(id: string): Promise<void>;
  history(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryPage>;
  exportRules(format: RuleFileFormat): Promise<string>;
  importRules(file: { text: string; format: RuleFileFormat }, prune: boolean): Promise<ImportSummary>;
}

/** The sentence a user reads for a failed call; a refused role says what to do about the token. */
export function describeApiError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'unauthorized' || err.code === 'forbidden') {
      if (readToken('admin'))
        return `The server refused the admin token (${err.status}). Check it and enter it again.`;
      return 'This change needs the admin token. Enter it under "Admin token" above and try again.';
    }
    if (err.status === 0) return `Could not reach the server: ${err.message}`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export interface AlertsApiOptions {
  /** Server origin; the page's own origin when omitted. */
  base?: string;
  /** Read on every request, so a token entered later is used at once. */
  token?: () => string | null;
}

function query(q: HistoryQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q) as [string, unknown][]) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export function createAlertsApi(options: AlertsApiOptions = {}): AlertsApi {
  const root = `${options.base ?? ''}/api/v1/alerts`;
  const token = options.token ?? elevatedToken;

  async function call(
    method: string,
    path: string,
    init: { json?: unknown; text?: { body: string; contentType: string }; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.text !== undefined) {
      headers['content-type'] = init.text.contentType;
      body = init.text.body;
    }
    return request(`${root}${path}`, { method, headers, body, signal: init.signal }, token());
  }

  const json = async <T>(res: Promise<Response>): Promise<T> => (await (await res).json()) as T;

  return {
    async rules(signal) {
      return (await json<{ rules: AlertView[] }>(call('GET', '/rules', { signal }))).rules;
    },
    create(input) {
      return json(call('POST', '/rules', { json: input }));
    },
    replace(id, input) {
      return json(call('PUT', `/rules/${enc(id)}`, { json: input }));
    },
    patch(id, fields) {
      return json(call('PATCH', `/rules/${enc(id)}`, { json: fields }));
    },
    async remove(id) {
      await call('DELETE', `/rules/${enc(id)}`);
    },
    preview(input) {
      return json(call('POST', '/rules/preview', { json: input }));
    },
    async testNotification(id) {
      const body = await json<{ outcomes: DeliveryOutcome[] }>(
        call('POST', `/rules/${enc(id)}/test-notification`, { json: {} }),
      );
      return body.outcomes;
    },
    ack(id, body) {
      return json(call('POST', `/${enc(id)}/ack`, { json: body }));
    },
    async silences(signal) {
      return (await json<{ silences: Silence[] }>(call('GET', '/silences', { signal }))).silences;
    },
    silence(request) {
      return json(call('POST', '/silences', { json: request }));
    },
    async unsilence(id) {
      await call('DELETE', `/silences/${enc(id)}`);
    },
    history(q, signal) {
      return json(call('GET', `/history${query(q)}`, { signal }));
    },
    async exportRules(format) {
      return (await call('GET', `/rules/export?format=${format}`)).text();
    },
    importRules(file, prune) {
      return json(
        call('POST', `/rules/import${prune ? '?prune=true' : ''}`, {
          text: {
            body: file.text,
            contentType: file.format === 'json' ? 'application/json' : 'application/yaml',
          },
        }),
      );
    },
  };
}
