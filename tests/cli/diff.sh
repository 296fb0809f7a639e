#!/bin/bash
# diff.sh MXDIG SRCDIR -- standard input and absent files for lint and
# diff (#14): `lint -` and `lint -:ORIGIN` read standard input (a pipe or
# a redirected file) and name it "(stdin)" in findings; `diff - NEW` and
# `diff OLD -` give the output of the same files named, "(stdin)" for
# the file read so; standard input named twice is a usage error; an old
# file that does not exist is no zone (a note on stderr), a new one that
# does not exist an error.  The golden cases (tests/cli/cases/diff-*)
# have the rows' exact findings; this asserts exact output, stderr and
# exit status of each run, every run under `timeout 10`.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
test_begin timeout
cases=$src/tests/cli/cases
cp "$cases"/diff-*.zone "$work"/
cd "$work" || exit 1

# same NAME WANT_RC GOT_RC WANT GOT: exact output and status
same() {
	if [ "$3" -ne "$2" ]; then
		bad "$1: exit $3, want $2"
	elif [ "$5" != "$4" ]; then
		bad "$1: output differs:"
		diff <(echo "$4") <(echo "$5") | head -20
	else
		ok "$1"
	fi
}

# lint -: the findings of the file, named (stdin), from a pipe and from a
# redirected file
want=$(timeout 10 "$mxdig" lint diff-backup-old.zone 2>&1 |
    sed 's/^diff-backup-old\.zone:/(stdin):/')
want_rc=$(timeout 10 "$mxdig" lint diff-backup-old.zone >/dev/null 2>&1; echo $?)
got=$(cat diff-backup-old.zone | timeout 10 "$mxdig" lint - 2>&1)
same "lint - (pipe)" "$want_rc" $? "$want" "$got"
got=$(timeout 10 "$mxdig" lint - <diff-backup-old.zone 2>&1)
same "lint - (redirect)" "$want_rc" $? "$want" "$got"
[ "$want_rc" = 2 ] && [ "$(echo "$want" | grep -c '^(stdin):5: error: ')" = 2 ] &&
    ok "lint - finds the errors at (stdin):5" || bad "lint -: '$want'"

# lint -:ORIGIN: a file without $ORIGIN and with a relative SOA owner
grep -v '^\$ORIGIN' diff-backup-old.zone >noorigin.zone
got=$(timeout 10 "$mxdig" lint -:backup.test <noorigin.zone 2>&1 |
    sed 's/^(stdin):\([0-9]*\)/\1/')
rc=$?
want2=$(timeout 10 "$mxdig" lint noorigin.zone:backup.test 2>&1 |
    sed 's/^noorigin\.zone:\([0-9]*\)/\1/')
same "lint -:ORIGIN" 0 $rc "$want2" "$got"
[ -n "$got" ] && ok "lint -:ORIGIN has findings" || bad "lint -:ORIGIN: empty"
got=$(timeout 10 "$mxdig" lint - <noorigin.zone 2>&1)
same "lint - without an origin" 3 $? \
    "mxdig: (stdin):3: no \$ORIGIN and no SOA with an absolute owner before the first record; name the origin as FILE:ORIGIN" "$got"
got=$(timeout 10 "$mxdig" lint - </dev/null 2>&1)
same "lint - of nothing" 3 $? "mxdig: (stdin): no records and no origin" "$got"
# -:ORIGIN as --zone's argument too
got=$(timeout 10 "$mxdig" --zone -:backup.test --short backup.test <noorigin.zone 2>&1)
same "--zone -:ORIGIN" 2 $? "10 mx1-typo.backup.test.
20 backup.backup.test. 93.184.216.20 2606:2800:220:1::20" "$got"

# diff - NEW and diff OLD -, in text and gcc
for fmt in text gcc json; do
	want=$(timeout 10 "$mxdig" diff --format $fmt diff-backup-old.zone diff-backup-new.zone 2>&1)
	got=$(timeout 10 "$mxdig" diff --format $fmt - diff-backup-new.zone <diff-backup-old.zone 2>&1)
	rc=$?
	same "diff - NEW ($fmt)" 2 $rc "$want" "$(echo "$got" | sed 's/(stdin)/diff-backup-old.zone/')"
	got=$(cat diff-backup-new.zone |
	    timeout 10 "$mxdig" diff --format $fmt diff-backup-old.zone - 2>&1)
	rc=$?
	same "diff OLD - ($fmt)" 2 $rc "$want" "$(echo "$got" | sed 's/(stdin)/diff-backup-new.zone/')"
done
got=$(timeout 10 "$mxdig" diff --format gcc diff-backup-old.zone - <diff-backup-new.zone 2>&1)
same "diff OLD - names (stdin)" 2 $? \
"(stdin):5: error: none of the 1 exchanges of backup.test. is usable: mail to it bounces [no-usable-mx]
(stdin):5: note: it replaces the old zone's error: no exchange of the preference 10 tier is usable: all mail for backup.test. detours through backups [mx-primary-unusable]" "$got"
# diff -:ORIGIN NEW
got=$(timeout 10 "$mxdig" diff --format gcc -:backup.test diff-backup-new.zone <noorigin.zone 2>&1)
same "diff -:ORIGIN NEW" 2 $? "$(timeout 10 "$mxdig" diff --format gcc diff-backup-old.zone diff-backup-new.zone 2>&1)" "$got"

# standard input once only
msg="mxdig: standard input (-) can be read only once: name it once among the zone files and -f"
got=$(timeout 10 "$mxdig" diff - - </dev/null 2>&1)
same "diff - -" 3 $? "$msg" "$got"
got=$(timeout 10 "$mxdig" lint - -:backup.test </dev/null 2>&1)
same "lint - -:ORIGIN" 3 $? "$msg" "$got"
got=$(echo backup.test | timeout 10 "$mxdig" --zone - -f - 2>&1)
same "--zone - -f -" 3 $? "$msg" "$got"

# absent files: the old one is no zone, the new one an error
got=$(timeout 10 "$mxdig" diff --format gcc nosuch.zone diff-backup-new.zone 2>&1 >/dev/null)
same "diff ABSENT NEW: the note" 2 $? \
    "mxdig: nosuch.zone: no such file: taken as no zone (new in this change)" "$got"
got=$(timeout 10 "$mxdig" diff --format gcc nosuch.zone diff-backup-new.zone 2>/dev/null)
same "diff ABSENT NEW: every finding introduced" 2 $? \
"diff-backup-new.zone:5: error: exchange mx1-typo.backup.test. does not exist: senders cannot deliver to it [mx-target-nxdomain]
diff-backup-new.zone:5: error: none of the 1 exchanges of backup.test. is usable: mail to it bounces [no-usable-mx]" "$got"
got=$(timeout 10 "$mxdig" diff diff-backup-old.zone nosuch.zone 2>&1)
same "diff OLD ABSENT" 3 $? "mxdig: nosuch.zone: No such file or directory" "$got"
# a directory or an unreadable old file is no absent file
mkdir dir
got=$(timeout 10 "$mxdig" diff dir diff-backup-new.zone 2>&1)
same "diff DIR NEW" 3 $? "mxdig: dir: not a regular file" "$got"
got=$(timeout 10 "$mxdig" diff nosuch/old.zone diff-backup-new.zone 2>&1 >/dev/null)
same "diff ABSENT/ABSENT NEW" 2 $? \
    "mxdig: nosuch/old.zone: no such file: taken as no zone (new in this change)" "$got"
touch noperm.zone
chmod 000 noperm.zone
if [ "$(id -u)" != 0 ]; then
	got=$(timeout 10 "$mxdig" diff noperm.zone diff-backup-new.zone 2>&1)
	same "diff UNREADABLE NEW" 3 $? "mxdig: noperm.zone: Permission denied" "$got"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
