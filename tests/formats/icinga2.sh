#!/bin/bash
# icinga2.sh SRCDIR -- contrib/icinga2/mxdig.conf is a valid Icinga 2
# configuration: a host and a service that use the CheckCommand pass
# `icinga2 daemon -C` (validation only: no daemon starts, nothing is
# checked), and a copy with a syntax error does not, so the validation
# can fail.  Needs icinga2-bin (.ci/run installs it).
set -u
src=$1
. "$src/tests/lib.sh"
test_begin icinga2
conf=$src/contrib/icinga2/mxdig.conf
# validate NAME FILE: icinga2 daemon -C on a configuration that includes
# FILE; sets rc
validate() {
	cat >"$work/$1.conf" <<EOT
include "$2"
object CheckCommand "dummy" { command = [ "/bin/true" ] }
object Host "example.com" { check_command = "dummy" }
object Service "mail" {
	host_name = "example.com"
	check_command = "mxdig"
	vars.mxdig_server = "192.0.2.53"
	vars.mxdig_fail_on = "error"
}
EOT
	# as root, icinga2 reads its configuration as its own user (nagios)
	chmod a+rx "$work" && chmod a+r "$work"/*.conf
	timeout 60 icinga2 daemon -C -c "$work/$1.conf" >"$work/$1.log" 2>&1
	rc=$?
}
validate good "$conf"
if [ $rc -eq 0 ] && grep -q "Instantiated 2 CheckCommands" "$work/good.log"; then
	ok "icinga2 daemon -C accepts contrib/icinga2/mxdig.conf (a service using it)"
else bad "icinga2 rejects mxdig.conf: $(grep -i critical "$work/good.log" | head -3)"; fi
sed 's/skip_key = true/skip_key = true,,/' "$conf" >"$work/broken.conf"
validate broken "$work/broken.conf"
[ $rc -ne 0 ] && ok "a broken copy is rejected (exit $rc)" || bad "a broken copy passed validation"
grep -q '"--format" = {' "$conf" && grep -q 'value = "nagios"' "$conf" &&
    ok "the command asks for --format nagios" || bad "no --format nagios in mxdig.conf"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
