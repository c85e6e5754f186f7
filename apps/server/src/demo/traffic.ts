/**
 * The demo's picture of a small carrier network: trunks, the gateways (syslog hosts) that carry
 * them, and what their calls normally end with. Numbers are shaped like a healthy wholesale voice
 * network: about 60% of calls answered, busy / no-answer / cancelled as the usual human noise.
 */

export interface DemoTrunk {
  name: string;
  /** Share of calls. */
  weight: number;
  gateway: string;
  /** The far end's address (documentation ranges), for the demo's HEP capture and its trunk map. */
  address: string;
  /** How long its calls take to ring, ms: [shortest, longest]. */
  pddMs: readonly [number, number];
}

export const DEMO_TRUNKS: readonly DemoTrunk[] = [
  { name: 'carrier-a', weight: 30, gateway: 'sbc-east', address: '198.51.100.10', pddMs: [800, 2_500] },
  { name: 'carrier-b', weight: 25, gateway: 'sbc-east', address: '198.51.100.20', pddMs: [1_000, 3_000] },
  { name: 'carrier-c', weight: 15, gateway: 'sbc-west', address: '198.51.100.30', pddMs: [700, 2_000] },
  { name: 'pbx-hq', weight: 15, gateway: 'gw-edge', address: '203.0.113.40', pddMs: [300, 900] },
  { name: 'sip-trunk-eu', weight: 10, gateway: 'sbc-west', address: '198.51.100.50', pddMs: [2_000, 5_500] },
  { name: 'mobile-gw', weight: 5, gateway: 'gw-edge', address: '203.0.113.60', pddMs: [1_500, 4_000] },
];

export const DEMO_GATEWAYS = ['sbc-east', 'sbc-west', 'gw-edge'] as const;

/** Where the gateways are: the near end of the demo's HEP capture. */
export const DEMO_GATEWAY_ADDRESSES: Readonly<Record<(typeof DEMO_GATEWAYS)[number], string>> = {
  'sbc-east': '192.0.2.10',
  'sbc-west': '192.0.2.20',
  'gw-edge': '192.0.2.30',
};

/**
 * The gateway that mirrors its signalling as HEP in the built-in demo (when the HEP listener is
 * up); the others log through syslog. Its trunks are the ones with call timing on the dashboard.
 */
export const DEMO_HEP_GATEWAY = 'sbc-west';

/** The trunk table the demo's HEP capture needs: each trunk's far-end address. */
export const DEMO_TRUNK_MAP = DEMO_TRUNKS.map((t) => ({ name: t.name, cidrs: [`${t.address}/32`] }));

/** How normal calls end: [code, weight]. */
export const NORMAL_FINALS: readonly (readonly [number, number])[] = [
  [200, 620],
  [486, 80],
  [487, 100],
  [480, 60],
  [404, 30],
  [603, 25],
  [503, 12],
  [408, 8],
  [500, 5],
  [488, 5],
  [302, 5],
  [484, 10],
  [403, 10],
  [486, 10],
  [404, 10],
];

export const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  302: 'Moved Temporarily',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  484: 'Address Incomplete',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  603: 'Decline',
};
