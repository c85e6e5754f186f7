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
}
export declare const DEMO_TRUNKS: readonly DemoTrunk[];
export declare const DEMO_GATEWAYS: readonly ["sbc-east", "sbc-west", "gw-edge"];
/** How normal calls end: [code, weight]. */
export declare const NORMAL_FINALS: readonly (readonly [number, number])[];
export declare const REASONS: Readonly<Record<number, string>>;
