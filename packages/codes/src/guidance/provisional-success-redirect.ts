import type { CodeGuidance } from '../types.js';

// 1xx, 2xx and 3xx: what the codes mean on a live network and what to look at when they show up
// where they should not.
export const PROVISIONAL_SUCCESS_REDIRECT_GUIDANCE = {
  100: {
    meaning: 'The next hop got the request and is working on it; it only stops the sender retransmitting.',
    causes: [
      'The normal first reply of a proxy, SBC or gateway to an INVITE.',
      'Calls that sit at 100 with nothing after it: the hop that sent it is still hunting for a route or waiting on its own next hop.',
    ],
    checks: [
      'Nothing to fix by itself: it proves the first hop is alive, nothing more.',
      'If calls stall at 100 and later end in 408 or 504, look at the hop after the one that sent the 100 (route, trunk, DNS).',
      'Long gaps between 100 and 180/183 are post-dial delay: compare route lookup and carrier answer times.',
    ],
  },
  180: {
    meaning: 'The called device is alerting: the phone is ringing.',
    causes: [
      'Normal: the callee or the far network is ringing.',
      'A 180 without early media means the caller side must play ringback itself; some carriers rely on that.',
    ],
    checks: [
      'Callers hear silence instead of ringback: check whether this route expects local ringback or early media (183).',
      'Many 180s that end in 487 or 480: callers or ring timers give up before answer; compare ring timeouts.',
    ],
  },
  181: {
    meaning: 'A server is forwarding the call to another destination.',
    causes: [
      'The callee has call forwarding on (unconditional, on busy, on no answer).',
      'Follow-me, hunt groups or mobile twinning moving the call on.',
    ],
    checks: [
      'Harmless by itself; if the call then fails, read the final response from the forwarded-to leg.',
      'Repeated 181s that end in 482 or 483 point to a forwarding loop.',
    ],
  },
  182: {
    meaning: 'The callee is not free yet and the call has been put in a queue.',
    causes: [
      'A contact-centre or ACD queue holding the call until an agent is free.',
      'A PBX queuing calls for a busy extension.',
    ],
    checks: [
      'Queue length and agent availability on the contact-centre platform.',
      'Queued calls that end in 408 or 480 mean the queue timed out.',
    ],
  },
  183: {
    meaning:
      'The call is still being set up and progress is being reported, usually with early media (ringback or an announcement).',
    causes: [
      'A carrier or gateway playing ringback or an announcement as early media.',
      'PSTN interworking passing on call-progress indications.',
      'A recorded announcement ("the number you have dialled...") played just before a failure response.',
    ],
    checks: [
      'No or one-way audio before answer: check the SDP in the 183 and whether RTP actually flows (NAT, firewall, media anchoring on the SBC).',
      'If a 183 is followed by a failure, listen to the announcement: it often states the real reason.',
      'A 183 repeated until the call times out can mean a reliable-provisional (PRACK/100rel) mismatch.',
    ],
  },
  199: {
    meaning: 'One branch of a forked call ended before answer; other branches may still be ringing.',
    causes: [
      'A forking proxy or parallel-ringing service ending one of its branches.',
      'One device in a ring group rejected the call while the others keep ringing.',
    ],
    checks: [
      'Informational: judge the call by its final response, not by the 199s.',
      'If every branch ends this way, look at why each device refused (busy, DND, codec).',
    ],
  },
  200: {
    meaning: 'The request succeeded; for an INVITE, the call was answered.',
    causes: [
      'A normally answered call, accepted registration or completed transaction.',
      'Voicemail, IVRs and answering machines also answer with 200: a 200 does not prove a person picked up.',
    ],
    checks: [
      'Nothing to fix: watch the answer ratio trend rather than single 200s.',
      'Calls that die seconds after the 200: look for a missing ACK, one-way audio or a session-timer failure.',
    ],
  },
  202: {
    meaning:
      'The request was accepted for processing but is not finished; its use for subscriptions and REFER is deprecated.',
    causes: [
      'Older phones, PBXs or servers answering REFER (call transfer) or SUBSCRIBE with 202.',
      'Transfer flows where the real outcome is reported later in a NOTIFY.',
    ],
    checks: [
      'Treat it as success; the outcome of a transfer arrives in the NOTIFY that follows.',
      'If transfers fail after a 202, read the status reported in those NOTIFY messages.',
    ],
  },
  204: {
    meaning:
      'The subscription request succeeded, but no notification will be sent because the subscriber already has the current state.',
    causes: [
      'Conditional event notification: the subscriber presented an entity tag that matches the current state.',
      'Presence, BLF or message-waiting refreshes where nothing changed.',
    ],
    checks: [
      'Normal; nothing to do.',
      'If BLF lamps or presence look stale, check that later NOTIFY messages still arrive when the state changes.',
    ],
  },
  300: {
    meaning:
      'The address resolves to several possible destinations, listed in the response for the caller to pick.',
    causes: [
      'A redirect server or location service returning several contacts for one user.',
      'Number lookups that return alternatives.',
    ],
    checks: [
      'Whether the upstream proxy or SBC follows redirects or treats any 3xx as a failure.',
      'The Contact list in the response: stale or unreachable targets.',
    ],
  },
  301: {
    meaning: 'The user is no longer at this address for good; the Contact header gives the new one.',
    causes: [
      'A redirect server or SBC steering traffic to a new platform after a migration.',
      'A number that moved to another system.',
    ],
    checks: [
      'Whether the calling side follows 3xx at all (many trunks are set not to).',
      'If the move is real, update the route or dial plan to the new Contact.',
    ],
  },
  302: {
    meaning: 'The user is reachable elsewhere for now; retry at the address in the Contact header.',
    causes: [
      'Call forwarding implemented as a redirect (unconditional, busy, no answer).',
      'Redirect servers used for least-cost routing or number-portability lookups.',
      'A cluster redirecting calls to another node to spread load.',
    ],
    checks: [
      'Whether the device that got the 302 is allowed to follow it (its redirect handling setting).',
      'The Contact target: reachable, and allowed by your ACLs and routing?',
      'A jump in 302s followed by failed retries points at the redirect server or its data.',
    ],
  },
  305: {
    meaning: 'The destination must be reached through the proxy named in the Contact header.',
    causes: [
      'A server insisting that traffic goes through a specific proxy or SBC.',
      'Traffic that bypassed the SBC it should have gone through.',
    ],
    checks: [
      'The route: is this traffic using the intended outbound proxy?',
      'Whether the caller honours 305 at all; few devices do.',
    ],
  },
  380: {
    meaning: 'The call failed, but the response body describes alternative services that could work instead.',
    causes: [
      'IMS emergency handling telling a device to retry as an emergency call.',
      'A service platform suggesting an alternative such as voicemail.',
    ],
    checks: [
      'The response body for the suggested alternative.',
      'Emergency routing configuration if the original call was to an emergency number.',
    ],
  },
} as const satisfies Record<number, CodeGuidance>;
