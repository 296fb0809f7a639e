#!/bin/sh
# symbols.sh LIBRARY SYMBOLS -- debian/libmxdig0.symbols lists exactly the
# symbols the shared library exports, no more, no fewer, so that the
# package build (dpkg-gensymbols at check level 4, debian/rules) does not
# fail on a new or removed MX_API function long after it was added.  A new
# symbol goes in as " NAME@Base VERSION", VERSION the project's version
# that first has it.
set -u
lib=$1 symbols=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '{ print $NF }' | LC_ALL=C sort >"$tmp/lib" ||
	{ echo "FAIL nm -D $lib"; exit 1; }
sed -n 's/^ \([^@ ]*\)@Base .*/\1/p' "$symbols" | LC_ALL=C sort >"$tmp/file"
head -n 1 "$symbols" | grep -q '^libmxdig\.so\.0 libmxdig0 #MINVER#$' ||
	{ echo "FAIL $symbols: its first line is not 'libmxdig.so.0 libmxdig0 #MINVER#'"; exit 1; }
new=$(LC_ALL=C comm -23 "$tmp/lib" "$tmp/file")
gone=$(LC_ALL=C comm -13 "$tmp/lib" "$tmp/file")
[ -z "$new" ] || echo "FAIL exported but not in $symbols:" $new
[ -z "$gone" ] || echo "FAIL in $symbols but not exported:" $gone
[ -z "$new$gone" ] || exit 1
echo "ok   $(wc -l <"$tmp/lib") symbols exported, the same in $symbols"
