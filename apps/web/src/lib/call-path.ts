/** The dashboard's page of one kept call (its ladder). */
export function callPath(callId: string): string {
  return `/calls/${encodeURIComponent(callId)}`;
}
