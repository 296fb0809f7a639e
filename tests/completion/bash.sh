#!/bin/bash
# bash.sh MXDIG SRCDIR -- contrib/completion/mxdig.bash, run by bash
# itself: complete -p names the function, and the candidates of a few
# prefixes are exactly these.
set -u
mxdig=$1 src=$2 pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
. "$src/contrib/completion/mxdig.bash"
[ "$(complete -p mxdig)" = "complete -F _mxdig mxdig" ] && ok "complete -p mxdig" || bad "complete -p: $(complete -p mxdig 2>&1)"
# cands WORD...: the candidates for the last word, one line, sorted
cands() {
	COMP_WORDS=("$mxdig" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_mxdig
	printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' '
}
t() { local want=$1; shift; [ "$(cands "$@")" = "$want" ] && ok "$*" || bad "$*: got '$(cands "$@")', want '$want'"; }
t "--no-additional --no-auth --no-cache --no-policy " --no-
t "--tcp --threads --timeout --tries --ttl-max --ttl-min " --t
t "nagios " --format n
t "json jsonl " --format j
t "error " --fail-on e
t "always auto " --color a
t "mx-target-cname " --explain mx-target-c
want=$("$mxdig" --list-checks | awk '$1 ~ /^mx-target-c/ { print $1 }' | LC_ALL=C sort | tr '\n' ' ')
t "$want" --explain mx-target-c
t "domain-nxdomain,mx-target-cname " --ignore domain-nxdomain,mx-target-cn
t "diff " d
# the zsh function: its syntax only (zsh -n), when zsh is installed
if command -v zsh >/dev/null; then
	zsh -n "$src/contrib/completion/_mxdig" && ok "_mxdig: zsh -n" || bad "_mxdig: zsh -n"
else
	echo "skip _mxdig: zsh is not installed"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
