#!/bin/bash
set -u
. "$2/tests/lib.sh"
netns_enter "$0" "$@"
mxdig=$1
test_begin nsd unbound dig ldns-keygen ldns-signzone ss
. "$2/tests/dnssec/setup.sh" || { echo setup failed; exit 1; }
shift 2
for d in "$@"; do
  echo "=== $d"; timeout 30 "$mxdig" @127.0.0.1 --trust-anchor "$anchor" $EXTRA "$d"; echo "rc=$?"
done
[ -n "${DIGS:-}" ] && eval "$DIGS"
