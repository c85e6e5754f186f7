#!/usr/bin/env bash
# Installs the Debian packages the test suites drive, when they are missing:
# Chromium (Playwright e2e), Kamailio, SIPp and rsyslog (the real SIP stack suite) and
# PostgreSQL (the cluster suite starts throwaway clusters with its initdb and pg_ctl), and tshark
# (the pcap-ng export of a call is read back with it).
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ] || need+=(kamailio)
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ] || need+=(rsyslog)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "sipwatch tests: missing ${need[*]}; install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "sipwatch tests: missing ${need[*]} and no apt-get here; install Chromium, kamailio, sipp, rsyslog, postgresql and tshark by hand" >&2
  exit 1
fi
echo "sipwatch tests: installing ${need[*]} with apt-get" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
