/** The HEP v3 format (HOMER's capture protocol, as heplify and Kamailio's siptrace send it). */

/** Generic chunk types (vendor 0x0000). */
export const HEP_CHUNK = {
  ipFamily: 0x0001,
  ipProtocol: 0x0002,
  srcIp4: 0x0003,
  dstIp4: 0x0004,
  srcIp6: 0x0005,
  dstIp6: 0x0006,
  srcPort: 0x0007,
  dstPort: 0x0008,
  timeSec: 0x0009,
  timeUsec: 0x000a,
  protoType: 0x000b,
  captureId: 0x000c,
  keepAlive: 0x000d,
  authKey: 0x000e,
  payload: 0x000f,
  compressedPayload: 0x0010,
  correlationId: 0x0011,
  vlanId: 0x0012,
  nodeName: 0x0013,
} as const;

/** Protocol types (chunk 0x000b) sipwatch understands. 100 is heplify's "log" type. */
export const HEP_PROTO = { sip: 1, log: 100 } as const;

export const HEP_HEADER_BYTES = 6;
export const HEP_MAX_PACKET_BYTES = 0xffff;
