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
}

/** GET /api/v1/cluster */
export interface ClusterResponse {
  /** False: this node runs alone (no cluster.postgresUrl); `boots` is empty. */
  enabled: boolean;
  /** Newest start first. */
  boots: ClusterBootView[];
}
