#!/bin/sh
# install.sh -- libmxdig as a user gets it: `cmake --install` the build
# into a temporary prefix, build examples/check.c against it with
# pkg-config (shared and static) and as a CMake project (mxdig::mxdig and
# mxdig::mxdig_static), and check that every build prints what the
# installed mxdig prints for the same domains, byte for byte, with the same
# exit status.  Then the shared library's exported symbols must be exactly
# the functions the installed headers declare with MX_API, its SONAME
# libmxdig.so.<major>, and both manual pages must be installed.
#
#	usage: install.sh BUILD-DIR SOURCE-DIR [SANITIZE-FLAGS]
#
# SANITIZE-FLAGS (the build's -fsanitize=... when it has them) are used
# to build the examples too: a sanitized libmxdig needs its runtime in the
# program that loads it.
set -u

build=$1
src=$2
sanflags=${3:-}
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

die() {
	echo "FAIL: $*" >&2
	exit 1
}

tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# ---- the manual's EXAMPLES hold examples/check.c as it is
sed -n '/^\.Sh EXAMPLES/,/^\.Ed/p' "$src/man/libmxdig.3" |
    sed -e '1,/^\.Bd -literal/d' -e '/^\.Ed/d' -e 's/^\\&//' \
    -e 's/\\e/\\/g' > "$tmp/man-check.c"
if ! cmp -s "$src/examples/check.c" "$tmp/man-check.c"; then
	fail "libmxdig.3 EXAMPLES differs from examples/check.c:"
	diff -u "$src/examples/check.c" "$tmp/man-check.c" | head -n 20 >&2
fi
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log" >&2; die "cmake --install failed"; }

# where GNUInstallDirs put things (lib, lib64 or lib/<multiarch>)
pc=$(find "$prefix" -name mxdig.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || die "no mxdig.pc installed under $prefix"
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
incdir=$prefix/include
mandir=$(find "$prefix" -type d -name man1 | head -n 1)
mandir=${mandir%/man1}

echo "== installed tree"
(cd "$prefix" && find . \( -type f -o -type l \) | sort)

for f in "$prefix/bin/mxdig" "$incdir/mxdig.h" "$incdir/mxdig_version.h" \
    "$libdir/libmxdig.a" "$libdir/libmxdig.so" \
    "$libdir/cmake/mxdig/mxdigConfig.cmake" \
    "$libdir/cmake/mxdig/mxdigConfigVersion.cmake" \
    "$libdir/cmake/mxdig/mxdigTargets.cmake"; do
	[ -e "$f" ] || fail "not installed: ${f#"$prefix"/}"
done
for f in man1/mxdig.1 man3/libmxdig.3; do
	if [ -z "$mandir" ] || [ ! -f "$mandir/$f" ]; then
		fail "not installed: $f"
	fi
done
# nothing internal is installed
for f in util.h internal.h libmxdig_util.a; do
	[ -z "$(find "$prefix" -name "$f")" ] || fail "installed: $f"
done

# 0 when program loads the libmxdig.so of the installed tree.
loads_installed() {
	l=$(ldd "$1" | sed -n 's/.*libmxdig\.so[^ ]* => \([^ ]*\).*/\1/p')
	[ -n "$l" ] &&
	    [ "$(dirname "$(readlink -f "$l")")" = "$(readlink -f "$libdir")" ]
}

# ---- the SONAME and the symlinks
major=$(sed -n 's/^#define MXDIG_VERSION_MAJOR[[:space:]]*//p' \
    "$incdir/mxdig_version.h")
version=$(sed -n 's/^#define MXDIG_VERSION[[:space:]]*"\(.*\)"/\1/p' \
    "$incdir/mxdig_version.h")
soname=$(readelf -d "$libdir/libmxdig.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libmxdig.so.$major" ] ||
	fail "SONAME is '$soname', expected libmxdig.so.$major"
[ "$(readlink "$libdir/libmxdig.so")" = "libmxdig.so.$major" ] ||
	fail "libmxdig.so does not link to libmxdig.so.$major"
[ "$(readlink "$libdir/libmxdig.so.$major")" = "libmxdig.so.$version" ] ||
	fail "libmxdig.so.$major does not link to libmxdig.so.$version"
[ -f "$libdir/libmxdig.so.$version" ] || fail "no libmxdig.so.$version"

# ---- exported symbols: exactly the functions declared with MX_API
# A declaration starts at the beginning of a line with MX_API; the
# function's name is the identifier before the first '('.
sed -n 's/^MX_API[^(]*[^A-Za-z0-9_(]\([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p' \
    "$incdir"/*.h | sort -u > "$tmp/declared"
nm -D --defined-only "$libdir/libmxdig.so" | awk '{ print $2, $3 }' |
    sort > "$tmp/dynsym"
awk '$1 != "T" { print }' "$tmp/dynsym" > "$tmp/not-text"
awk '$1 == "T" { print $2 }' "$tmp/dynsym" | sort -u > "$tmp/exported"
echo "== $(wc -l < "$tmp/exported") functions exported," \
    "$(wc -l < "$tmp/declared") declared with MX_API"
[ -s "$tmp/declared" ] || fail "no MX_API declaration found in the headers"
if [ -s "$tmp/not-text" ]; then
	fail "libmxdig.so exports other than functions:"
	sed 's/^/    /' "$tmp/not-text" >&2
fi
comm -23 "$tmp/exported" "$tmp/declared" > "$tmp/extra"
comm -13 "$tmp/exported" "$tmp/declared" > "$tmp/missing"
if [ -s "$tmp/extra" ]; then
	fail "exported but not declared with MX_API in the headers:"
	sed 's/^/    /' "$tmp/extra" >&2
fi
if [ -s "$tmp/missing" ]; then
	fail "declared with MX_API but not exported (not defined?):"
	sed 's/^/    /' "$tmp/missing" >&2
fi

# ---- the example, built four ways
export PKG_CONFIG_PATH="$pcdir"
cflags="-Wall -Wextra -Werror $sanflags"
# shellcheck disable=SC2046,SC2086
cc $cflags -o "$tmp/check-pc" "$src/examples/check.c" \
    $(pkg-config --cflags --libs mxdig) ||
	fail "cc with pkg-config --cflags --libs mxdig failed"
# the static library and what pkg-config --static says it needs
static_libs=$(pkg-config --static --libs mxdig |
    sed "s#-lmxdig\([[:space:]]\|$\)#$libdir/libmxdig.a\1#")
# shellcheck disable=SC2046,SC2086
cc $cflags -o "$tmp/check-pc-static" "$src/examples/check.c" \
    $(pkg-config --cflags mxdig) $static_libs ||
	fail "cc with libmxdig.a and pkg-config --static --libs failed"
if cmake -S "$src/examples" -B "$tmp/examples" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="$cflags" \
    -DCMAKE_BUILD_TYPE=Release > "$tmp/cmake.log" 2>&1 &&
    cmake --build "$tmp/examples" >> "$tmp/cmake.log" 2>&1; then
	:
else
	cat "$tmp/cmake.log" >&2
	fail "examples/CMakeLists.txt (find_package(mxdig)) did not build"
fi
unset PKG_CONFIG_PATH

# the installed command finds the installed library by itself (RUNPATH)
# and reports the version of the headers
env -u LD_LIBRARY_PATH "$prefix/bin/mxdig" --version > "$tmp/version" ||
	fail "installed mxdig --version failed (without LD_LIBRARY_PATH)"
[ "$(cat "$tmp/version")" = "mxdig $version" ] ||
	fail "mxdig --version says '$(cat "$tmp/version")', not mxdig $version"
loads_installed "$prefix/bin/mxdig" ||
	fail "the installed mxdig does not load $libdir's libmxdig"

# programs linked against the shared library must load the installed one
export LD_LIBRARY_PATH="$libdir"
for p in "$tmp/check-pc" "$tmp/examples/check"; do
	[ -x "$p" ] || continue
	loads_installed "$p" ||
	    fail "$(basename "$p") does not load $libdir's libmxdig"
done
for p in "$tmp/check-pc-static" "$tmp/examples/check-static"; do
	[ -x "$p" ] || continue
	ldd "$p" | grep -q libmxdig &&
	    fail "$(basename "$p") loads libmxdig.so, not the static library"
done

# ---- same output and exit status as the installed mxdig
# compare ZONE DOMAIN...: each build checks all the domains in one run,
# in order; mxdig writes results as they finish, so its expected output
# is one run per domain, in the same order.  Its exit status is compared
# for the whole run.
compare() {
	zone=$1
	shift
	: > "$tmp/expected"
	for d in "$@"; do
		"$prefix/bin/mxdig" --zone "$zone" --format text \
		    --color never "$d" >> "$tmp/expected" 2> /dev/null
	done
	"$prefix/bin/mxdig" --zone "$zone" --format text --color never \
	    "$@" > /dev/null 2>&1
	want=$?
	[ -s "$tmp/expected" ] || fail "mxdig printed nothing for $*"
	for p in check-pc check-pc-static examples/check \
	    examples/check-static; do
		[ -x "$tmp/$p" ] || { fail "$p was not built"; continue; }
		"$tmp/$p" "$zone" "$@" > "$tmp/got" 2> "$tmp/err"
		got=$?
		if ! cmp -s "$tmp/expected" "$tmp/got"; then
			fail "$p $* prints other than mxdig:"
			diff -u "$tmp/expected" "$tmp/got" | head -n 40 >&2
		fi
		[ "$got" -eq "$want" ] ||
			fail "$p $*: exit $got, mxdig exits $want"
	done
	echo "== $(basename "$zone") $*: exit $want, 4 builds agree"
}

ex=$src/examples/example.zone
cases=$src/tests/cli/cases
compare "$ex" example.com
compare "$ex" example.com shop.example.com legacy.example.com \
    parked.example.com office.example.com www.example.com
compare "$ex" example.com nowhere.test
compare "$ex" shop.example.com nowhere.test
compare "$cases/mx-ttl-low.zone" mx-ttl-low.test

if [ "$fails" -ne 0 ]; then
	echo "install.sh: $fails failure(s)" >&2
	exit 1
fi
echo "install.sh: ok"
