#!/usr/bin/env bash
# Installs what Postern's own commands need on a fresh Debian machine, and nothing that is already there.
#   scripts/setup.sh demo   Node 24 + npm packages, Dovecot (IMAP, LMTP, POP3), Postfix
#   scripts/setup.sh test   the same, plus Redis and Chromium (browser tests)
# Idempotent and quiet when everything is present, so `npm run demo` and `npm test` can call it every time.
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-test}"

# npm packages (Node 24 comes from the `node` devDependency into node_modules/.bin, which npm run puts first on PATH).
stamp=node_modules/.postern-installed
if [ ! -x node_modules/.bin/node ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "setup: installing npm packages (node_modules)" >&2
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund >&2; else npm install --no-audit --no-fund >&2; fi
  touch "$stamp"
fi

# Debian packages: each one only when its program is missing.
pkgs=()
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || pkgs+=(dovecot-core dovecot-imapd dovecot-lmtpd)
[ -x /usr/lib/dovecot/lmtp ] || pkgs+=(dovecot-lmtpd)
# POP3 accounts (issue 11): the same Dovecot serves the POP3 mailbox that Postern fetches from.
[ -x /usr/lib/dovecot/pop3 ] || pkgs+=(dovecot-pop3d)
[ -x /usr/sbin/postfix ] || pkgs+=(postfix)
command -v openssl >/dev/null 2>&1 || pkgs+=(openssl)
if [ "$want" = test ]; then
  [ -x /usr/bin/redis-server ] || pkgs+=(redis-server)
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${pkgs[*]}" >&2
  if [ "$(id -u)" != 0 ]; then echo "setup: need root to apt-get install ${pkgs[*]}" >&2; exit 1; fi
  # No init system here: a policy-rc.d that says 101 keeps postinst scripts from starting system daemons.
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  trap '[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d' EXIT
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2; }
fi
