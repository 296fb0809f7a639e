#!/bin/sh
# golden.sh MXDIG DIR -- runs every DIR/cases/NAME.args through mxdig (in
# DIR/cases, so file names in the output are stable) and compares stdout and
# the exit status with DIR/cases/NAME.out.  With REGEN=1 it rewrites the
# .out files instead (tests/cli/regen.sh); review the diff before
# committing.  Run times are masked: they are the only varying output.
set -u
mxdig=$1
cases=$2/cases
pass=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cd "$cases" || exit 2
for args in *.args; do
	name=${args%.args}
	# shellcheck disable=SC2046
	NO_COLOR=1 timeout 20 "$mxdig" $(cat "$args") >"$tmp" 2>/dev/null
	echo "exit: $?" >>"$tmp"
	sed -i -e 's/"elapsed_ms": *[0-9.e+-]*/"elapsed_ms": 0/' \
	    -e 's/time=[0-9.]*s/time=0s/' -e "s/'time'=[0-9.]*s/'time'=0s/" "$tmp"
	if [ "${REGEN:-0}" = 1 ]; then
		cp "$tmp" "$name.out"
		continue
	fi
	if diff -u "$name.out" "$tmp" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: mxdig $(cat "$args")"
		diff -u "$name.out" "$tmp" | head -40
		fail=$((fail + 1))
	fi
done
[ "${REGEN:-0}" = 1 ] && { echo "regenerated"; exit 0; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
