import { Link } from 'react-router-dom';
import type { AlertView, Explanation } from '@sipwatch/wire';
import { alertExplainQuery, explanationLine, sliceLabel } from '@sipwatch/wire';
import { formatClock } from '@sipwatch/wire/metrics';
import { useQuery } from '../../api/react';
import { sliceLink } from '../overview/WhatChanged';

/**
 * What changed as a firing alert fired: the same attribution its notification carried (the rule's
 * window ending at `firingSince`, inside its scope), each slice linking to its drill-down over that
 * window. Nothing for a rule that is not firing or not about failures. Plain text only.
 */
export function FiringExplanation({ view, colSpan }: { view: AlertView; colSpan: number }) {
  const { rule, state } = view;
  const firedAt = state.state === 'firing' ? state.firingSince : null;
  const q = firedAt === null ? null : alertExplainQuery(rule, firedAt);
  const query = useQuery<Explanation>(q ? `alert-explain:${rule.id}:${firedAt}` : null, (api, signal) =>
    api.explain({ from: q!.from, to: q!.to, baseline: q!.baseline, filter: q!.filter }, signal),
  );
  const e = query.data;
  if (!q || !e) return null;
  const at = { range: 'custom' as const, from: q.from, to: q.to, filter: q.filter, kiosk: false };
  return (
    <tr className="rule-explain-row">
      <td colSpan={colSpan} data-testid="alert-explanation">
        <strong>What changed:</strong> {explanationLine(e, formatClock)}
        {e.slices.length > 0 && (
          <ul className="plain-list">
            {e.slices.map((s) => (
              <li key={JSON.stringify(s.slice)}>
                <Link to={sliceLink(at, s)} data-testid="alert-explanation-link">
                  {sliceLabel(s.slice, e.code && e.code.code === s.slice.code ? e.code.phrase : undefined)}
                </Link>{' '}
                {Math.round(s.share * 100)}% of the extra failures
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
