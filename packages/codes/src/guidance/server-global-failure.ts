import type { CodeGuidance } from '../types.js';

// 5xx (the server failed) and 6xx (the answer holds everywhere, not just at this server).
export const SERVER_GLOBAL_FAILURE_GUIDANCE = {
  500: {
    meaning: 'The server hit an unexpected condition and could not complete the request.',
    causes: [
      'A software fault or crash on the PBX, SBC or carrier platform.',
      'A back end it depends on failing: database, routing or number-portability lookup, billing, a routing script.',
      'Gateways that use 500 for any failure on their PSTN side.',
    ],
    checks: [
      'Who sent it? If it is your own system, its logs and health now; recent upgrades or config pushes.',
      'If it is a carrier, open a ticket with timestamps and Call-IDs.',
      'The Reason and Retry-After headers in the response.',
    ],
  },
  501: {
    meaning: 'The server does not implement the method used in the request.',
    causes: [
      'A method the far end does not support: UPDATE, PRACK, REFER, MESSAGE, INFO.',
      'OPTIONS health checks sent to a device that does not implement OPTIONS.',
    ],
    checks: [
      'The method of the failing request, and the Allow header in the response.',
      'Turn off the feature that uses that method on this route (for example UPDATE for session refresh).',
    ],
  },
  502: {
    meaning: 'A gateway or proxy got an invalid response from the next server it tried.',
    causes: [
      'The downstream carrier or PSTN gateway failed or answered with garbage.',
      'DNS for the next hop pointing at a wrong or dead address.',
      'Interworking failures on SIP-to-PSTN gateways.',
    ],
    checks: [
      'Which hop answered 502 (Via and Server headers) and what sits behind it.',
      'DNS SRV and A records for the next hop.',
      'Whether the router fails over to another route on 502.',
    ],
  },
  503: {
    meaning:
      'The server cannot handle the request for now: overloaded, in maintenance, out of capacity, or without a route.',
    causes: [
      'A carrier trunk that is down, out of channels or rate-limiting calls per second: the classic carrier outage.',
      'No usable route or gateway left: the proxy says so with a 503 after the routes failed.',
      'Overload protection, maintenance, or a concurrent-call or licence limit on a PBX or SBC.',
      'A proxy that marked a destination as down after timeouts and now answers 503 itself.',
    ],
    checks: [
      'One trunk or carrier, or all of them? Fail over if another route exists.',
      'Retry-After and Reason headers (a Q.850 cause such as 34 "no circuit available" or 41 "temporary failure").',
      'Your call rate and concurrent calls against the contracted limits.',
      "The carrier's status page or NOC; open a ticket with timestamps and Call-IDs.",
    ],
  },
  504: {
    meaning:
      'A server did not get a timely answer from another server it needed, such as the next hop or DNS.',
    causes: [
      'A downstream gateway or carrier not answering the proxy.',
      'DNS or a routing or number-portability lookup timing out.',
      'Congestion or packet loss between the proxy and its next hop.',
    ],
    checks: [
      'The hop that sent the 504 and whether its next hop is reachable.',
      'Health of the DNS resolvers the proxy uses.',
      'Compare with 408s at the same time: often the same fault seen from another place.',
    ],
  },
  505: {
    meaning: 'The server does not support the SIP version in the request.',
    causes: [
      'A request line mangled by an ALG, or mis-framed over TCP so that garbage is parsed as a request.',
      'Scanners or non-SIP traffic hitting the SIP port.',
    ],
    checks: ['The raw request line as it arrived.', 'Content-Length and framing on TCP connections.'],
  },
  513: {
    meaning: 'The message is larger than the server can process.',
    causes: [
      'Large INVITEs (big SDP, many headers) over UDP, beyond what the path or server accepts.',
      'Header bloat: many Via, Record-Route or Diversion headers.',
    ],
    checks: [
      'The message size; move large messages to TCP.',
      'Strip headers that are not needed at the SBC.',
    ],
  },
  555: {
    meaning: 'The server does not support the push notification service the client asked for.',
    causes: [
      'A mobile softphone registering with a push provider the server does not know.',
      'Push notification setup missing on the server, for example after an upgrade.',
    ],
    checks: [
      "The pn-provider parameter in the client's registration.",
      "The server's push notification configuration.",
    ],
  },
  580: {
    meaning:
      'The session could not be set up because its preconditions (such as a network resource reservation) were not met.',
    causes: [
      'Quality-of-service or bandwidth reservation failing in an IMS or VoLTE access network.',
      'Precondition negotiation mismatch between the two ends.',
      'Call admission control: a bandwidth limit reached on a link or SBC.',
    ],
    checks: [
      'Bearer or QoS setup in the access network.',
      'Call admission limits on the link or SBC.',
      'Whether this route needs preconditions at all (Require: precondition).',
    ],
  },
  600: {
    meaning: 'The callee is busy at every location, and trying elsewhere will not help.',
    causes: [
      'The callee is busy on all their devices: their own outcome.',
      'A service set to answer busy with 600.',
    ],
    checks: [
      'As with 486: a jump across many callees points to a capacity limit, not to users.',
      'The Reason header for the underlying cause.',
    ],
  },
  603: {
    meaning: 'The callee, or a service acting for them, explicitly declined the call.',
    causes: [
      'The person pressed reject.',
      "Call screening, a block list, or a blocking service on the callee's side.",
      'Platforms that decline when a limit or policy triggers.',
    ],
    checks: [
      'One callee (their choice) or many (a blocking policy or a platform limit)?',
      'The Reason header (Q.850 cause 21 is "call rejected").',
    ],
  },
  604: {
    meaning: 'The callee does not exist anywhere, according to a server with authoritative information.',
    causes: [
      'An unassigned number: the caller dialled a wrong number.',
      'Wrong number-portability or routing data making a live number look unassigned.',
    ],
    checks: [
      'As with 404: one number (a misdial) or many (routing or porting data)?',
      'The number format sent to the carrier.',
    ],
  },
  606: {
    meaning:
      'The callee was reached, but no device of theirs can accept the session as described (media, codecs, bandwidth).',
    causes: [
      "No acceptable codec or media type at any of the callee's devices.",
      'Video or bandwidth requirements the callee cannot meet.',
    ],
    checks: [
      "The SDP offer against the callee's capabilities; the Warning header.",
      'Recent codec-list changes, as with 488.',
    ],
  },
  607: {
    meaning:
      'The callee marked the call as unwanted (spam); similar calls from this caller will likely be refused too.',
    causes: [
      'The called person flagged the caller as spam.',
      'A calling number with a poor reputation, for example from dialler campaigns.',
    ],
    checks: [
      'The caller ID presented and its STIR/SHAKEN attestation.',
      'Whether the calling campaign or traffic source is legitimate.',
    ],
  },
  608: {
    meaning:
      'An intermediary, not the callee, rejected the call: typically a call-analytics or anti-fraud service.',
    causes: [
      "A carrier's robocall analytics blocking the call on caller reputation.",
      'Low or missing STIR/SHAKEN attestation on the call.',
      'Fraud controls on the terminating network.',
    ],
    checks: [
      'The Call-Info header: it may name a contact for disputing the block.',
      'Attestation level and caller ID on outgoing calls.',
      'Ask the terminating carrier to review the block.',
    ],
  },
} as const satisfies Record<number, CodeGuidance>;
