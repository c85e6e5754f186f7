/** GET /api/v1/ui-config: settings the dashboard needs (nothing secret). */
export interface UiConfig {
  /**
   * Link to a capture UI (Homer, ...) for a Call-ID: `{callId}` marks where the URL-encoded Call-ID
   * goes. Null when not configured; only http(s) templates are passed on.
   */
  callIdUrlTemplate: string | null;
}

/** The link for a Call-ID, or null without a template. */
export function callIdUrl(template: string | null, callId: string): string | null {
  if (template === null) return null;
  return template.split('{callId}').join(encodeURIComponent(callId));
}
