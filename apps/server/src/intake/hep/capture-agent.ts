import { dimensionName } from '../../core/names.js';
import type { HepPacket } from './decoder.js';

/** The capture agent a HEP packet names: its node name, else its capture id; undefined: neither. */
export function captureAgent(packet: HepPacket): string | undefined {
  if (packet.nodeName) {
    const name = dimensionName(packet.nodeName);
    if (name) return name;
  }
  if (packet.captureId !== undefined) return String(packet.captureId);
  return undefined;
}
