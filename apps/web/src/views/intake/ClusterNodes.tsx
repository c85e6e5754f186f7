import { formatAge, formatDateTime } from '@sipwatch/wire/metrics';
import { useQuery } from '../../api/react';
import { bootRows, clusterHeadline } from '@sipwatch/wire/metrics';
import type { BootState } from '@sipwatch/wire/metrics';
import type { AlertRole } from '@sipwatch/wire';

const STATE_TEXT: Record<BootState, string> = {
  late: 'Late',
  waiting: 'Not yet published',
  publishing: 'Publishing',
  ended: 'Ended (started again)',
};
const ALERT_ROLE_TEXT: Record<AlertRole, string> = {
  leader: 'Evaluates them',
  standby: 'Standing by',
  off: 'Never leads (cluster.alerts off)',
  down: 'Down',
};
const STATE_CLASS: Record<BootState, string> = {
  late: 'bad',
  waiting: 'warn',
  publishing: 'ok',
  ended: 'muted',
};

/**
 * The cluster's nodes (cluster mode only): each run, when it last published its counts to
 * PostgreSQL and up to which second, so a node that died or lost PostgreSQL is seen. `now` is the
 * answering server's clock (from its intake stats), so ages do not depend on the browser's.
 */
export function ClusterNodes({ now, refreshMs }: { now: number; refreshMs: number }) {
  const { data, error } = useQuery('cluster', (api, signal) => api.cluster(signal), refreshMs);
  if (error)
    return (
      <p className="notice notice-bad" role="alert">
        Cluster: {error.message}
      </p>
    );
  if (!data?.enabled) return null;
  const rows = bootRows(data, now);
  return (
    <section aria-labelledby="cluster-heading">
      <h2 id="cluster-heading">Cluster</h2>
      <p data-testid="cluster-headline">{clusterHeadline(rows, data.alertLeader)}</p>
      <table className="data-table" aria-label="Cluster nodes" tabIndex={0}>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">State</th>
            <th scope="col">Run started</th>
            <th scope="col">Last publish</th>
            <th scope="col">Published up to</th>
            <th scope="col">Alerts</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.bootId} data-testid="cluster-node" className={r.state === 'ended' ? 'dim' : undefined}>
              <th scope="row" className="mono">
                {r.nodeId}
                {r.self && ' (this node)'}
              </th>
              <td className={`feed-state feed-${STATE_CLASS[r.state]}`}>{STATE_TEXT[r.state]}</td>
              <td className="nowrap">{formatDateTime(r.startedAt)}</td>
              <td className="nowrap">{r.ageMs === null ? '—' : `${formatAge(r.ageMs)} ago`}</td>
              <td className="nowrap">{r.watermark === null ? '—' : formatDateTime(r.watermark)}</td>
              <td>{ALERT_ROLE_TEXT[r.alerts]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
