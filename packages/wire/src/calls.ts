import { z } from 'zod';
import { OUTCOME_CATEGORIES } from '@sipwatch/codes';

/**
 * Whole calls kept from HEP capture (GET /api/v1/calls, GET /api/v1/calls/:callId): every SIP
 * message of a call with its arrival time and addresses, for the ladder view and the exports.
 */

export const CALL_RESULTS = ['answered', 'failed', 'abandoned'] as const;
export type CallResultName = (typeof CALL_RESULTS)[number];

/** One captured SIP message, as stored. */
export const CapturedMessageSchema = z.object({
  /** Capture time (the HEP chunks), ms since the epoch, with microseconds as a fraction. */
  ts: z.number(),
  srcIp: z.string(),
  srcPort: z.number().int().min(0).max(65535),
  dstIp: z.string(),
  dstPort: z.number().int().min(0).max(65535),
  /** IP protocol number: 17 UDP, 6 TCP, 132 SCTP. */
  ipProtocol: z.number().int().min(0).max(255),
  /** The HEP capture agent that sent it (its node name, else its capture id), when it named itself. */
  agent: z.string().optional(),
  /** The whole message (start line, headers, body), as text; user parts masked when masking is on. */
  text: z.string(),
});
export type CapturedMessage = z.infer<typeof CapturedMessageSchema>;

/** What the API adds to each message: its start line read, and whether it repeats an earlier one. */
export const CallMessageSchema = CapturedMessageSchema.extend({
  /** 0, 1, 2, ... in capture order. */
  index: z.number().int().min(0),
  startLine: z.string(),
  /** Requests: the method. */
  method: z.string().optional(),
  /** Responses: the status code and reason. */
  code: z.number().int().optional(),
  reason: z.string().optional(),
  cseq: z.string().optional(),
  /** The same message (start line, CSeq, top Via branch) between the same two addresses came before. */
  retransmission: z.boolean(),
});
export type CallMessage = z.infer<typeof CallMessageSchema>;

export const CallSummarySchema = z.object({
  callId: z.string(),
  /** The first message kept, ms. */
  startedAt: z.number(),
  /** The last message kept, ms. */
  lastAt: z.number(),
  /**
   * The final response to the initial INVITE. Absent: the call never got one (the far end silent,
   * no 408 sent); it was kept, as failed, when its collection window ended.
   */
  code: z.number().int().optional(),
  reason: z.string().optional(),
  result: z.enum(CALL_RESULTS),
  category: z.enum(OUTCOME_CATEGORIES),
  trunk: z.string().optional(),
  /** The capture agent that sent the messages. */
  source: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  pddMs: z.number().optional(),
  setupMs: z.number().optional(),
  messages: z.number().int(),
  /** Messages were left out because the call reached calls.maxMessagesPerCall. */
  truncated: z.boolean(),
});
export type CallSummary = z.infer<typeof CallSummarySchema>;

/** GET /api/v1/calls */
export const CallsPageSchema = z.object({
  calls: z.array(CallSummarySchema),
  nextCursor: z.string().nullable(),
});
export type CallsPage = z.infer<typeof CallsPageSchema>;

/** GET /api/v1/calls/:callId */
export const CallDetailSchema = z.object({
  call: CallSummarySchema,
  messages: z.array(CallMessageSchema),
  /** Names of the call's addresses where known (the trunk map, the capture agent), by IP. */
  labels: z.record(z.string(), z.string()),
});
export type CallDetail = z.infer<typeof CallDetailSchema>;
