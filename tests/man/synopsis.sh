#!/bin/sh
# synopsis.sh MANPAGE HEADER -- the manual names the functions the header
# declares, no more and no fewer: every function declared on an MX_API
# line of HEADER appears in MANPAGE as a .Fo or .Fn line, and every name
# starting with mx_ that MANPAGE gives to Fo or Fn (on a line of its own
# or inside another macro line) is declared in HEADER.  Prints the
# differences and exits 1 when there are any, 0 otherwise.
set -u
if [ $# -ne 2 ]; then
	echo "usage: synopsis.sh MANPAGE HEADER" >&2
	exit 2
fi
man=$1
hdr=$2
for f in "$man" "$hdr"; do
	[ -r "$f" ] || { echo "synopsis.sh: cannot read $f" >&2; exit 2; }
done
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# the header's functions: the name before the first '(' of an MX_API line
sed -n 's/^MX_API[^(]*[^A-Za-z0-9_(]\([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p' \
    "$hdr" | sort -u > "$tmp/decl"
# an MX_API line the pattern cannot read would go unchecked: say so
bad=$(grep '^MX_API' "$hdr" |
    grep -v '^MX_API[^(]*[^A-Za-z0-9_(][A-Za-z_][A-Za-z0-9_]*(')
if [ ! -s "$tmp/decl" ]; then
	echo "$hdr: no MX_API function found"
	exit 1
fi

# what the page documents: .Fo NAME and .Fn NAME lines
grep -o '^\.F[on] [A-Za-z0-9_]*' "$man" | awk '{ print $2 }' |
    sort -u > "$tmp/doc"
# every mx_ name the page gives Fo or Fn, wherever on a macro line (a
# wildcard such as mx_foo_* yields mx_foo_, which no header declares)
grep '^\.' "$man" | tr ' \t' '\n\n' |
    awk 'prev == "Fo" || prev == "Fn" || prev == ".Fo" || prev == ".Fn" {
		if ($0 ~ /^mx_/) { sub(/[^A-Za-z0-9_].*/, ""); print }
	}
	{ prev = $0 }' | sort -u > "$tmp/named"

rc=0
missing=$(comm -23 "$tmp/decl" "$tmp/doc")
stale=$(comm -13 "$tmp/decl" "$tmp/named")
if [ -n "$bad" ]; then
	echo "$hdr: MX_API lines whose function name cannot be read:"
	printf '%s\n' "$bad" | sed 's/^/  /'
	rc=1
fi
if [ -n "$missing" ]; then
	echo "declared in $hdr, not in $man as .Fo or .Fn:"
	printf '%s\n' "$missing" | sed 's/^/  /'
	rc=1
fi
if [ -n "$stale" ]; then
	echo "named in $man, not declared in $hdr:"
	printf '%s\n' "$stale" | sed 's/^/  /'
	rc=1
fi
[ $rc -eq 0 ] && echo "ok: $(wc -l < "$tmp/decl" | tr -d ' ') functions," \
    "$man matches $hdr"
exit $rc
