import type { Channel, EventSource, Scope, SipEvent } from '../wire/event.js';
import type { TrunkMap } from './trunk-map.js';
export interface NormaliseOptions {
    futureSkewMs: number;
    rawMaxBytes: number;
    maskUserParts: boolean;
    trunks: TrunkMap;
}
/** What the source says about every event it produces; the item's own fields win over defaults. */
export interface SourceMeta {
    source: EventSource;
    receivedAt: number;
    /** Scope when the item does not say (webhooks and CDRs: `call`; proxy reply lines: `transaction`). */
    scope: Scope;
    /** Method when the item does not say; only set where the source is a call outcome (INVITE). */
    method?: string;
    /** The original line or payload when the item carries no `raw` of its own. */
    raw?: string;
}
export interface Rejection {
    /** The offending field (`code`, `ts`, ...) or `(item)` when the item is not an object. */
    field: string;
    reason: string;
}
export type NormaliseResult = {
    ok: true;
    event: SipEvent;
    clamped: boolean;
} | {
    ok: false;
    rejection: Rejection;
};
export type Normaliser = (input: unknown, meta: SourceMeta) => NormaliseResult;
/** Builds the one function that turns candidate items into SipEvents. Pure: no clock, no I/O. */
export declare function createNormaliser(options: NormaliseOptions): Normaliser;
/**
 * The source of an event. Sources repeat (a few formats × the sending hosts), so they are shared
 * frozen objects rather than one allocation per event.
 */
export declare function eventSource(channel: Channel, format: string, host: string): EventSource;
