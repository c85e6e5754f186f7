import { z } from 'zod';
/** The loose input shape adapters build; every field is optional except `code`. */
export interface CandidateInput {
    code: unknown;
    ts?: unknown;
    reason?: unknown;
    method?: unknown;
    scope?: unknown;
    callId?: unknown;
    cseq?: unknown;
    inDialog?: unknown;
    cancelled?: unknown;
    from?: unknown;
    to?: unknown;
    srcIp?: unknown;
    srcPort?: unknown;
    dstIp?: unknown;
    dstPort?: unknown;
    trunk?: unknown;
    direction?: unknown;
    raw?: unknown;
}
/**
 * Converts the usual spellings; anything it does not recognise is left as it is for the schema to
 * refuse. The code goes through `@sipwatch/codes` here; an invalid one stays as sent.
 */
export declare function prepareCandidate(input: unknown): unknown;
/** Validates a prepared candidate (see prepareCandidate). */
export declare const CandidateSchema: z.ZodObject<{
    code: z.ZodNumber;
    ts: z.ZodOptional<z.ZodNumber>;
    reason: z.ZodOptional<z.ZodString>;
    method: z.ZodOptional<z.ZodString>;
    scope: z.ZodOptional<z.ZodEnum<{
        call: "call";
        transaction: "transaction";
    }>>;
    callId: z.ZodOptional<z.ZodString>;
    cseq: z.ZodOptional<z.ZodNumber>;
    inDialog: z.ZodOptional<z.ZodBoolean>;
    cancelled: z.ZodOptional<z.ZodBoolean>;
    from: z.ZodOptional<z.ZodString>;
    to: z.ZodOptional<z.ZodString>;
    srcIp: z.ZodOptional<z.ZodString>;
    srcPort: z.ZodOptional<z.ZodNumber>;
    dstIp: z.ZodOptional<z.ZodString>;
    dstPort: z.ZodOptional<z.ZodNumber>;
    trunk: z.ZodOptional<z.ZodString>;
    direction: z.ZodOptional<z.ZodString>;
    raw: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export type Candidate = z.output<typeof CandidateSchema>;
