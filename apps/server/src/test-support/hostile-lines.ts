/**
 * Syslog lines built to make backtracking regular expressions explode, each at most `maxBytes`
 * (65,000: about the most a UDP datagram carries, and under syslog.maxMessageBytes): the worst cases found for the extractors as they were
 * (`(\S+) Failed Registration`, lazy `(.*?) for`, unclosed quotes and brackets, runs of
 * separators). Shared by the tests and `pnpm bench hostile`.
 */
export function hostileLines(maxBytes = 65_000): string[] {
  const header = '<134>Nov 24 10:00:00 attacker app: ';
  const fill = (start: string, unit: string): string => {
    const room = maxBytes - header.length - start.length;
    return header + start + unit.repeat(Math.floor(room / unit.length));
  };
  return [
    fill('x Failed Registration ', 'B'),
    fill('x Failed Registration with status ', 'B'),
    fill('', 'a Failed Registration with status '),
    fill('', 'nta: received 480 '),
    fill('', 'Got SIP response 503 "" back from ['),
    fill('x response ', 'A'),
    fill('', "Processing REGISTER response 408 from server '"),
    fill('rs=486 reason=x', ';'),
    fill('SIP/2.0 486 Busy\nCall-ID:', '\t'),
    fill('', 'Ping failed '),
    fill('code', ' '),
    fill('', 'a='),
  ];
}

/** What a benign sender sends: an outcome line per call, about as long as a real one. */
export function benignLine(n: number): string {
  return `<134>Nov 24 10:00:00 proxy1 kamailio[1]: ACC: call missed: method=INVITE;call_id=benign-${n};code=486;reason=Busy Here`;
}
