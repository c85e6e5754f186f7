import { z } from 'zod';
import { SIP_CLASSES } from '@sipwatch/codes';
export const LIVE_WINDOWS = ['1m', '5m', '15m', '1h'];
/** A slice of the traffic: every field narrows; absent means "all". */
export const EventFilterSchema = z.object({
    trunk: z.string().max(128).optional(),
    source: z.string().max(255).optional(),
    method: z.string().max(32).optional(),
    code: z.coerce.number().int().min(100).max(699).optional(),
    class: z.enum(SIP_CLASSES).optional(),
});
export const SERIES_GROUPS = ['class', 'code', 'trunk'];
//# sourceMappingURL=aggregates.js.map