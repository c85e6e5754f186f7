/**
 * The demo's picture of a small carrier network: trunks, the gateways (syslog hosts) that carry
 * them, and what their calls normally end with. Numbers are shaped like a healthy wholesale voice
 * network: about 60% of calls answered, busy / no-answer / cancelled as the usual human noise.
 */
export const DEMO_TRUNKS = [
    { name: 'carrier-a', weight: 30, gateway: 'sbc-east' },
    { name: 'carrier-b', weight: 25, gateway: 'sbc-east' },
    { name: 'carrier-c', weight: 15, gateway: 'sbc-west' },
    { name: 'pbx-hq', weight: 15, gateway: 'gw-edge' },
    { name: 'sip-trunk-eu', weight: 10, gateway: 'sbc-west' },
    { name: 'mobile-gw', weight: 5, gateway: 'gw-edge' },
];
export const DEMO_GATEWAYS = ['sbc-east', 'sbc-west', 'gw-edge'];
/** How normal calls end: [code, weight]. */
export const NORMAL_FINALS = [
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
export const REASONS = {
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
//# sourceMappingURL=traffic.js.map