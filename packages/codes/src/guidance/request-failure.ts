import type { CodeGuidance } from '../types.js';

// 4xx: the request failed at this server; what is usually behind each code and where to look first.
export const REQUEST_FAILURE_GUIDANCE = {
  400: {
    meaning: 'The receiver could not parse the request or found a field in it malformed.',
    causes: [
      'A header the far end rejects after a firmware upgrade or a new header-manipulation rule.',
      'Broken SDP or a wrong Content-Length, often after an SBC or router ALG rewrote the message.',
      'Odd characters in display names or URIs (From, To, Contact).',
    ],
    checks: [
      'Capture the request and read the Warning header or reason text: it often names the bad field.',
      'Recent changes to header manipulation, SBC profiles or firmware on the sending side.',
      'A SIP ALG on a router or firewall in the path; turn it off.',
    ],
  },
  401: {
    meaning:
      'A registrar or the called server asks the sender to authenticate; a digest challenge, normally answered by a retry with credentials.',
    causes: [
      'Normal: the first REGISTER or INVITE is challenged and sent again with credentials.',
      'When it repeats or ends the attempt: wrong password, wrong auth username or realm, or an account that was reset.',
    ],
    checks: [
      'Normal when each 401 is followed by a retried request that succeeds; watch challenges that are never answered.',
      'Credentials on the device or trunk, especially after a password change or account migration.',
      'Retry loops with a stale nonce: the client keeps retrying and keeps being challenged.',
    ],
  },
  402: {
    meaning: 'Reserved by the standard; providers use it to say the account cannot pay for the call.',
    causes: [
      'Prepaid balance used up, or the trunk account put on billing hold.',
      "A destination not covered by the account's rate plan.",
    ],
    checks: [
      'Account balance and billing status with the provider.',
      'Whether only some destinations (international, premium) fail.',
    ],
  },
  403: {
    meaning: 'The receiver understood the request and refuses it; sending it again as it is will not help.',
    causes: [
      "The source IP is not on the carrier's or SBC's allow-list, often after an IP change or a failover to another node.",
      'Credentials changed, or the account was disabled or suspended.',
      'The destination is barred by policy: international, premium-rate or fraud controls.',
      'A caller ID (From or P-Asserted-Identity) the trunk is not allowed to present.',
    ],
    checks: [
      'What changed: credentials, public IP or NAT, a failover to a node with a different address.',
      "The provider's IP allow-list and the trunk's authentication mode.",
      'The Reason or Warning header, and the caller ID on the failing calls.',
      'Whether all destinations fail or only some prefixes (destination barring, fraud limits).',
    ],
  },
  404: {
    meaning: 'The called user or number does not exist at this domain.',
    causes: [
      'The caller dialled a number that is not assigned (a wrong or old number).',
      'The dial plan or routing table lacks the prefix or DID, often after a change or a number port.',
      'A user whose registration expired, so the registrar no longer knows them.',
    ],
    checks: [
      'One number or many? Many at once means routing broke (a dial plan, DID import or port), not callers misdialling.',
      'The number format sent: E.164 with or without +, national prefix, any tech prefix the carrier expects.',
      'That the DID is provisioned at the carrier and routed to the right trunk.',
    ],
  },
  405: {
    meaning: 'The receiver knows the method but does not allow it for this address.',
    causes: [
      'A method the far end has disabled, such as MESSAGE, SUBSCRIBE, UPDATE or REFER.',
      'REGISTER sent to a trunk or device that only takes calls (IP-authenticated trunks).',
    ],
    checks: [
      'The Allow header in the response lists the methods the far end accepts.',
      'Trunk settings: registration versus IP authentication, transfer (REFER) handling.',
    ],
  },
  406: {
    meaning: 'The receiver could only answer with content the request said it will not accept.',
    causes: [
      'An Accept header in SUBSCRIBE or OPTIONS listing formats the server cannot produce.',
      'Presence or BLF subscriptions asking for an unsupported body type.',
    ],
    checks: [
      'The Accept header in the request against what the server supports.',
      'The event package and BLF settings on the phone.',
    ],
  },
  407: {
    meaning:
      'A proxy asks the sender to authenticate before it forwards the request; a digest challenge, normally answered by a retry.',
    causes: [
      'Normal: the carrier or PBX proxy challenges INVITE or REGISTER and the device retries with credentials.',
      'When it repeats: wrong credentials or realm, or a device that does not answer challenges on INVITE.',
    ],
    checks: [
      'Normal when followed by a retried request; count the challenges that are never retried or fail again.',
      'Trunk or device credentials and auth username, especially after a password change.',
      'A trunk set to IP authentication on one side and digest on the other.',
    ],
  },
  408: {
    meaning: 'No final response arrived in time: the far end, or a hop in between, did not answer.',
    causes: [
      'The next gateway, SBC or carrier stopped answering: down, overloaded or unreachable.',
      'A network path problem: firewall change, expired NAT pinhole, routing change, dropped packets.',
      'A registered device that vanished (phone offline, NAT binding gone) so the INVITE never reaches it.',
      'Transport trouble: UDP to a peer that listens only on TCP/TLS, or large UDP messages fragmented and dropped.',
    ],
    checks: [
      'Is the next hop alive? Its OPTIONS health checks, then ping and traceroute to it.',
      'Firewall and NAT: recent rule changes, pinhole timers, a SIP ALG in the path.',
      'One gateway or trunk, or all of them? One hop versus your own edge.',
      'Message size and transport: large INVITEs over UDP.',
    ],
  },
  409: {
    meaning: 'Old RFC 2543 code: the request conflicts with the current state of the server.',
    causes: [
      'Legacy equipment still following RFC 2543.',
      'Two devices registering the same account and clashing.',
    ],
    checks: [
      'Which device sends it, and its firmware version.',
      'Duplicate registrations for the same account.',
    ],
  },
  410: {
    meaning: 'The user used to exist here but no longer does, and there is no forwarding address.',
    causes: [
      'A number disconnected or taken out of service.',
      'A user account removed, for example after a migration.',
    ],
    checks: [
      'Whether the number was recently ceased or ported away.',
      'Stale numbers in contact lists or dialler campaign data.',
    ],
  },
  411: {
    meaning: 'Old RFC 2543 code: the receiver will not take the request without a Content-Length header.',
    causes: [
      'Legacy equipment, usually over TCP, receiving a message with no Content-Length.',
      'A header rewrite that dropped Content-Length.',
    ],
    checks: [
      'The raw request: is Content-Length present and right?',
      'Header-manipulation rules on the SBC.',
    ],
  },
  412: {
    meaning: 'A conditional PUBLISH failed: the entity tag it refers to is unknown or has expired.',
    causes: [
      'A presence publisher refreshing state the server lost in a restart or failover.',
      'A refresh sent after the publication had already expired.',
    ],
    checks: [
      'Whether the publisher recovers by sending a fresh initial PUBLISH.',
      'Recent restarts or failovers of the presence server.',
    ],
  },
  413: {
    meaning: 'The request body is larger than the receiver will process.',
    causes: [
      'Huge SDP offers (long codec lists, many ICE candidates) or multipart bodies.',
      'Large payloads in MESSAGE requests.',
    ],
    checks: [
      'Body size and codec list; trim the offer.',
      'The size limits configured on the receiving proxy or SBC.',
    ],
  },
  414: {
    meaning: 'The Request-URI is longer than the receiver is willing to read.',
    causes: [
      'A URI bloated with parameters by routing or header-manipulation rules.',
      'Malformed or hostile requests from scanners.',
    ],
    checks: [
      'The Request-URI as sent, and routing rules that add parameters to it.',
      'Whether the source is a known peer or a scanner.',
    ],
  },
  415: {
    meaning: 'The receiver does not understand the format of the request body.',
    causes: [
      'A body type the far end cannot handle, such as multipart with ISUP or an unexpected application type.',
      'A missing or wrong Content-Type header.',
    ],
    checks: [
      'Content-Type in the request, and the Accept header in the response.',
      'SIP-I/SIP-T (ISUP body) settings on the trunk.',
    ],
  },
  416: {
    meaning: 'The receiver does not support the scheme of the Request-URI (for example tel: or sips:).',
    causes: [
      'tel: URIs sent to a peer that only takes sip:.',
      'A sips: (TLS) URI sent to a peer without TLS, or the reverse.',
    ],
    checks: [
      "The scheme in the Request-URI and the trunk's URI format setting.",
      'TLS settings on both sides when sips: is involved.',
    ],
  },
  417: {
    meaning: 'The request carries a Resource-Priority value the receiver does not understand.',
    causes: [
      'Priority markings (government or emergency preference schemes) sent to a network that does not support them.',
      'A wrong namespace or value in the Resource-Priority header.',
    ],
    checks: [
      'The Resource-Priority header against what the peer supports.',
      'Whether the border SBC should strip the header.',
    ],
  },
  420: {
    meaning:
      'The request requires an extension (Require or Proxy-Require) that the receiver does not support.',
    causes: [
      'Require: 100rel, timer or precondition sent to a peer without that feature.',
      "Proprietary option tags leaking from one vendor's equipment to another's.",
    ],
    checks: [
      'The Unsupported header in the response names the rejected option tag.',
      'Move the tag from Require to Supported on the sending side, or turn the feature off for this trunk.',
    ],
  },
  421: {
    meaning: 'The receiver needs an extension that the request did not offer.',
    causes: [
      'The far end insists on reliable provisional responses (PRACK) or session timers the caller did not offer.',
      'A trunk profile mismatch after a change on either side.',
    ],
    checks: [
      'The Require header in the response names the missing extension.',
      'Enable it (PRACK, session timers) on the sending side, or ask the peer to relax it.',
    ],
  },
  422: {
    meaning: "The session-timer interval in the request (Session-Expires) is below the receiver's minimum.",
    causes: ['A session timer set very low on the caller.', 'A Min-SE mismatch between PBX and carrier.'],
    checks: [
      'The Min-SE header in the response; raise Session-Expires to at least that value.',
      'The caller should retry with a larger value by itself; check that it does.',
    ],
  },
  423: {
    meaning: 'The expiry asked for (registration or subscription) is shorter than the server allows.',
    causes: [
      'A device set to a very short registration expiry, often to keep a NAT binding open.',
      "The registrar's minimum was raised.",
    ],
    checks: [
      'The Min-Expires header in the response; set the device expiry at least that high.',
      'Use keep-alives rather than short registrations to hold NAT bindings.',
    ],
  },
  424: {
    meaning:
      'The location information in the request (used to route emergency calls) was malformed or unusable.',
    causes: [
      'Missing or bad location data on emergency calls.',
      'A location reference the receiver cannot fetch.',
    ],
    checks: [
      'Treat as urgent: emergency calls may be failing.',
      "The Geolocation header and location body on the failing calls, and the site's location provisioning.",
    ],
  },
  425: {
    meaning: 'The alert message carried in a non-interactive emergency call was malformed or not acceptable.',
    causes: [
      'Sensors or alerting systems sending an alert body the emergency network cannot validate.',
      'An unsupported alert format or version.',
    ],
    checks: [
      'Treat as urgent: emergency alerts are not getting through.',
      "The alert body against the emergency-services provider's requirements; the response may say what was wrong.",
    ],
  },
  428: {
    meaning:
      "The receiver's policy requires a signed Identity header (STIR/SHAKEN) and the request had none.",
    causes: [
      'Unsigned calls sent to a peer that requires caller-ID attestation.',
      'The signing service down, or skipped for some routes.',
    ],
    checks: [
      'Whether outgoing calls on this route carry an Identity header.',
      'Health of the signing service and the expiry of its certificate.',
    ],
  },
  429: {
    meaning:
      'The receiver wants a valid Referred-By token on a request that came from a transfer, and got none.',
    causes: [
      'Call transfers where Referred-By is missing or not signed.',
      'A strict transfer policy on the receiving side.',
    ],
    checks: [
      'The Referred-By header on the transferred INVITE.',
      'The transfer settings on the PBX sending the REFER.',
    ],
  },
  430: {
    meaning: 'The connection (flow) used to reach a user agent failed, though another flow may still work.',
    causes: [
      "A client's outbound connection dropped: mobile app lost network, TCP or TLS connection closed.",
      'An edge proxy restarted and lost its client connections.',
    ],
    checks: [
      'Client connectivity and keep-alives (CRLF or STUN) at the edge proxy.',
      'Edge proxy restarts; clients should re-register over another flow.',
    ],
  },
  433: {
    meaning: 'The call was refused because the caller withheld their identity.',
    causes: [
      'The callee, or a service on their behalf, rejects anonymous calls.',
      'Your platform sending Privacy or an anonymous From when it should not.',
    ],
    checks: [
      'Privacy, From and P-Asserted-Identity on the failing calls.',
      'Whether the caller meant to withhold the number.',
    ],
  },
  436: {
    meaning: 'The certificate reference in the Identity header could not be used.',
    causes: [
      'The STIR/SHAKEN certificate URL is unreachable, wrong or of an unsupported kind.',
      'The certificate repository is down.',
    ],
    checks: [
      'Fetch the certificate URL from the Identity header yourself.',
      "The signing service's certificate URL setting.",
    ],
  },
  437: {
    meaning: 'The receiver could not validate the credential (certificate) used to sign the request.',
    causes: [
      'A STIR/SHAKEN certificate that expired, was revoked, or comes from an issuer the verifier does not trust.',
      'An incomplete certificate chain.',
    ],
    checks: [
      'Validity dates and chain of the signing certificate.',
      "Whether the issuer is on the verifier's trust list.",
    ],
  },
  438: {
    meaning: 'The signature in the Identity header does not verify against the request.',
    causes: [
      'Signed fields (calling or called number, Date) changed after signing, often by number normalisation on an SBC.',
      'Clock skew: the Date header is too old or in the future.',
      'A key that does not match the certificate.',
    ],
    checks: [
      'Number rewriting that happens after signing; sign after normalising instead.',
      'NTP on the signing server.',
      'The key and certificate pair on the signing service.',
    ],
  },
  439: {
    meaning:
      'The client asked for outbound connection reuse (SIP Outbound), but the first-hop proxy does not support it.',
    causes: [
      'A client set up for SIP Outbound registering through an edge proxy that lacks it.',
      'A proxy upgrade or replacement that changed its supported features.',
    ],
    checks: [
      "The client's outbound setting: turn it off or route through an edge that supports it.",
      'The Supported header of the edge proxy.',
    ],
  },
  440: {
    meaning: 'A proxy would need to fork the request to more branches than its Max-Breadth allows.',
    causes: [
      'Parallel forking to many contacts: many registered devices or a big ring group.',
      'A forking loop multiplying requests.',
    ],
    checks: [
      'How many registrations or ring-group members the callee has.',
      'Max-Breadth settings on the proxies, and any forking loop between them.',
    ],
  },
  469: {
    meaning: 'An INFO request used an Info Package the receiver never said it would accept.',
    causes: [
      'DTMF sent as SIP INFO to a peer that expects in-band RTP events or another package.',
      'Info Package negotiation missing (no Recv-Info exchanged).',
    ],
    checks: [
      'The DTMF method configured on both sides.',
      'The Recv-Info header in the response lists the packages the peer accepts.',
    ],
  },
  470: {
    meaning: 'The recipient has not consented to receive requests relayed from this source.',
    causes: [
      'A list or relay service sending to recipients who have not opted in.',
      'Conference or message exploder services reaching members without permission.',
    ],
    checks: [
      'The consent state for the recipient on the relay server.',
      'Whether the traffic comes from a list or exploder service.',
    ],
  },
  480: {
    meaning:
      'The callee was reached but is not available right now (not registered, do-not-disturb, or not answering).',
    causes: [
      "The callee's phone is not registered (offline, lost Wi-Fi or NAT binding) or the mobile is off or out of coverage.",
      "Do-not-disturb, or no answer within the callee's ring timeout.",
      'A carrier mapping a PSTN "no answer" or "absent subscriber" to 480.',
    ],
    checks: [
      'One callee (their own outcome) or a whole group (a registration, NAT or registrar outage)?',
      "The registration state of the callee's device.",
      'A Reason header with a Q.850 cause often says more.',
    ],
  },
  481: {
    meaning: 'The request refers to a call or transaction the receiver does not know.',
    causes: [
      'A BYE or re-INVITE for a call the far end already ended or lost (state gone after a restart or failover).',
      'A CANCEL that arrived after the call was answered or had already failed.',
      'Call-ID or tags rewritten by an SBC or ALG so the dialog no longer matches.',
    ],
    checks: [
      'Restarts or failovers of SBCs or PBXs at that time (lost dialog state).',
      'Session-timer refreshes for calls that were already torn down.',
      'Header manipulation that touches Call-ID or the From/To tags.',
    ],
  },
  482: {
    meaning: 'The request came back to a server that had already handled it: a routing loop.',
    causes: [
      'Two systems routing a number to each other, for example PBX and carrier after a port.',
      'Forwarding rules that bounce the call between users.',
    ],
    checks: [
      'The route for the failing number on each hop; the Via headers show the path.',
      'Recent dial plan or number-porting changes.',
    ],
  },
  483: {
    meaning:
      'Max-Forwards reached zero: the request passed through too many hops, usually because of a loop.',
    causes: [
      'A routing loop between proxies, SBCs or carriers.',
      'Max-Forwards set too low on the originating side.',
    ],
    checks: [
      'The Via and Record-Route path of a failing request.',
      'The routes between the last hops, and the initial Max-Forwards value.',
    ],
  },
  484: {
    meaning: 'The number dialled is incomplete: too few digits.',
    causes: [
      'The caller dialled too few digits or hung up while dialling.',
      'A dial plan that strips digits (a prefix removed twice).',
      'A number-format mismatch: national versus international formatting.',
    ],
    checks: [
      'The digits in the Request-URI against what the destination expects.',
      'Recent dial plan or normalisation changes if many calls fail.',
      "The PBX's inter-digit timeout.",
    ],
  },
  485: {
    meaning: 'The address matched more than one destination and the receiver will not choose.',
    causes: [
      'Short codes or extensions that match several users.',
      'Directory lookups by name with several hits.',
    ],
    checks: [
      'Overlapping dial plan entries (extension 12 versus 123).',
      'The Contact list in the response, if one is given.',
    ],
  },
  486: {
    meaning: "The callee's device is busy and cannot take the call.",
    causes: [
      'The person is already on a call: their own outcome.',
      'A per-extension or per-trunk call limit reached, or call waiting switched off.',
      'Some PBXs and carriers answer 486 when channels or concurrency limits run out: not a user outcome.',
    ],
    checks: [
      'A jump across many callees points to a capacity limit (channels, licences, concurrency), not to users.',
      'Concurrent-call limits on the trunk or account.',
      'The Reason header: Q.850 cause 17 is a real user busy.',
    ],
  },
  487: {
    meaning: 'The request was ended before it completed; for an INVITE, the caller cancelled before answer.',
    causes: [
      'The caller hung up while it was still ringing: normal behaviour.',
      'Ring groups and forking cancelling the other branches once one answered.',
      'A dialler or IVR abandoning calls at its own ring timeout.',
    ],
    checks: [
      'How long calls rang before the CANCEL: very short rings point to a dialler or timer set too low.',
      'A jump often follows long post-dial delay: callers give up waiting for ringback.',
    ],
  },
  488: {
    meaning:
      'The callee cannot accept the session as offered, usually because no offered codec or media setting is acceptable.',
    causes: [
      'No codec in common after a codec-list change (only G.729 or Opus offered to a G.711-only peer).',
      'Encryption mismatch: SRTP offered to a peer that wants plain RTP, or the reverse.',
      'Media the far end refuses: a T.38 fax re-INVITE, video, a ptime it cannot do, an unusable media address.',
    ],
    checks: [
      "The SDP offer against the peer's codecs: what changed in the codec lists?",
      'SRTP settings on both sides.',
      'The Warning header in the response (for example "Incompatible media format").',
    ],
  },
  489: {
    meaning: 'The receiver does not understand the event package named in the subscription or notification.',
    causes: [
      'BLF, presence or message-waiting subscriptions to a server without that package.',
      'Phones subscribing to features the PBX does not offer.',
    ],
    checks: [
      'The Event header in the request, and Allow-Events in the response.',
      'BLF and voicemail-indicator setup on the phone.',
    ],
  },
  491: {
    meaning:
      'The receiver is already handling another request in the same call (both sides changed the call at once).',
    causes: [
      'Both ends sent a re-INVITE at the same moment (hold or resume, transfer, codec change).',
      'A session-timer refresh colliding with a re-INVITE.',
    ],
    checks: [
      'Usually harmless: the sender retries after a short random wait.',
      'If calls drop after a 491, check that the retry actually happens.',
    ],
  },
  493: {
    meaning: 'The receiver could not decrypt an encrypted (S/MIME) body in the request.',
    causes: [
      'A body encrypted with the wrong key or an algorithm the receiver lacks.',
      'Certificate mismatch between the two ends.',
    ],
    checks: [
      'Whether body encryption is needed at all on this route.',
      'Certificates and keys on both ends.',
    ],
  },
  494: {
    meaning: 'The server requires a security mechanism to be agreed before it takes the request.',
    causes: [
      'An IMS edge (P-CSCF) requiring an IPsec or TLS security agreement.',
      'A client not sending the security-agreement headers (Security-Client).',
    ],
    checks: [
      'The Security-Server header in the response lists the mechanisms required.',
      "The client's IMS security settings.",
    ],
  },
} as const satisfies Record<number, CodeGuidance>;
