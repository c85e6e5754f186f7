import type { Clock } from '../clock.js';
import type { Channel } from '../wire/event.js';

/**
 * Accepted / rejected / unparsed counts per channel and source host, since start and for the last
 * minute, plus the last N unparsed lines. (Owned by the intake; stub to be completed.)
 */
export class IngestStats {
  constructor(
    private readonly clock: Clock,
    private readonly sampleLimit: number,
  ) {}

  accepted(_channel: Channel, _host: string, _n: number): void {}
  rejected(_channel: Channel, _host: string, _reason: string, _n = 1): void {}
  unparsed(_channel: Channel, _host: string, _line: string): void {}
}
