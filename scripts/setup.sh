#!/usr/bin/env bash
# Installs what Postern's own commands need on a fresh Debian machine, and nothing that is already there.
#   scripts/setup.sh demo   Node 24 + npm packages, Dovecot (IMAP, LMTP, POP3), Postfix
#   scripts/setup.sh test   the same, plus Redis, Chromium (browser tests), Cyrus and Courier (test/servers/)
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
  # Cyrus and Courier (test/servers/): everything but their imapd packages, which declare a Conflict with
  # dovecot-imapd (all three provide imap-server, i.e. port 143 for the system). Those two are unpacked below.
  [ -x /usr/lib/cyrus/bin/master ] || pkgs+=(cyrus-common)
  [ -x /usr/sbin/saslpasswd2 ] || pkgs+=(sasl2-bin)
  [ -x /usr/sbin/couriertcpd ] || pkgs+=(courier-base)
  [ -x /usr/lib/courier/courier-authlib/authdaemond ] || pkgs+=(courier-authdaemon)
  [ -x /usr/sbin/makeuserdb ] || pkgs+=(courier-authlib-userdb)
  command -v unshare >/dev/null 2>&1 || pkgs+=(util-linux)
  # The libraries the two unpacked imapd packages link against (their Depends: less what comes with the above).
  for lib in libwrap0 libcourier-unicode4 libgdbm6 libidn12 libgamin0; do
    dpkg -s "$lib" >/dev/null 2>&1 || pkgs+=("$lib")
  done
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

# cyrus-imapd and courier-imap: unpacked (not installed) under /opt/postern-sandbox, since apt would remove
# dovecot-imapd to install either (all three declare Conflicts: imap-server, i.e. "I own port 143"). They hold
# only the imapd programs (and Courier's imaplogin); the sandbox runs them with its own configs
# (sandbox/cyrus.ts, sandbox/courier.ts). Nothing of theirs is registered with dpkg or started at boot.
if [ "$want" = test ]; then
  unpack_dir=/opt/postern-sandbox
  for pkg in cyrus-imapd courier-imap; do
    [ -s "$unpack_dir/$pkg/VERSION" ] && continue
    echo "setup: unpacking $pkg into $unpack_dir/$pkg" >&2
    if [ "$(id -u)" != 0 ]; then echo "setup: need root to unpack $pkg into $unpack_dir" >&2; exit 1; fi
    tmp=$(mktemp -d)
    chown _apt "$tmp" 2>/dev/null || true # apt downloads as _apt where it can
    (cd "$tmp" && { apt-get download -q "$pkg" >&2 || { apt-get update -q >&2 && apt-get download -q "$pkg" >&2; }; })
    rm -rf "$unpack_dir/$pkg.new" && mkdir -p "$unpack_dir/$pkg.new"
    dpkg-deb -x "$tmp/$pkg"_*.deb "$unpack_dir/$pkg.new"
    dpkg-deb -f "$tmp/$pkg"_*.deb Version >"$unpack_dir/$pkg.new/VERSION"
    rm -rf "$tmp" "$unpack_dir/$pkg" && mv "$unpack_dir/$pkg.new" "$unpack_dir/$pkg"
  done
fi
