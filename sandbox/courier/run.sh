#!/bin/sh
# Starts a private Courier-IMAP; sandbox/courier.ts runs it as `unshare --mount --propagation private sh run.sh DIR`.
# Courier's auth library has its paths compiled in (/etc/courier/authdaemonrc and userdb, the socket in
# /run/courier/authdaemon), so this instance gets its own view of those two directories: bind mounts that only
# its processes see, gone with the last of them. Nothing outside DIR is written but an empty /run/courier.
set -eu
dir=$1
mkdir -p /run/courier
mount --bind "$dir/etc" /etc/courier
mount --bind "$dir/run" /run/courier

set -a
. /etc/courier/imapd
set +a

# authdaemond stays in the foreground; couriertcpd, which this shell becomes, is its parent from then on,
# and both are in the process group the sandbox stops.
/usr/lib/courier/courier-authlib/authdaemond &
# No -pid: couriertcpd then stays in the foreground. Its workers' stderr (the login log) goes to ours.
exec /usr/sbin/couriertcpd -address="$ADDRESS" -maxprocs="$MAXDAEMONS" -maxperip="$MAXPERIP" \
  -nodnslookup -noidentlookup "$PORT" "$IMAPLOGIN" "$IMAPD" "$MAILDIRPATH"
