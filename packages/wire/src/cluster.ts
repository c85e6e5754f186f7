/** One run (boot) of a node of the cluster, as it registered and last published. */
export interface ClusterBootView {
  nodeId: string;
  /** New with every process start; a restarted node's earlier boots stay listed (their counts stay). */
  bootId: string;
  /** ms */
  startedAt: number;
  /** The end (ms) of the newest closed second this boot published; null before its first publish. */
  watermark: number | null;
  /** When (ms) it last published; null before its first publish. */
  flushedAt: number | null;
  /** This is the node that answered. */
  self: boolean;
  /**
   * Its part in alerting: `leader` evaluates for the cluster; `standby` may take over (cluster.alerts
   * and its alert session is up); `off` may not lead; `down`: its alert session is gone (a dead boot).
   */
  alerts: AlertRole;
}

export const ALERT_ROLES = ['leader', 'standby', 'off', 'down'] as const;
export type AlertRole = (typeof ALERT_ROLES)[number];

/** GET /api/v1/cluster */
export interface ClusterResponse {
  /** False: this node runs alone (no cluster.postgresUrl); `boots` is empty. */
  enabled: boolean;
  /** Newest start first. */
  boots: ClusterBootView[];
  /** The node evaluating the cluster's alerts now; null when none holds the lead (or not a cluster). */
  alertLeader: string | null;
}
