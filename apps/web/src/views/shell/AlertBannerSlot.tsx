import { AlertBanner } from '../alerts/AlertBanner';

/**
 * Firing alerts, above every page and on the wall. The banner itself (critical first, rule names
 * and notes as text) lives with the alert pages: views/alerts/AlertBanner.tsx.
 */
export function AlertBannerSlot() {
  return <AlertBanner />;
}
