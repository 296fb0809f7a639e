#!/bin/bash
# all.sh -- builds mxdig optimised (build-bench/) and runs every benchmark:
# round trips of one check, batch throughput against dig and adnshost,
# lint against named-checkzone, kzonecheck, validns and ldns alone.
# Prints the tables the README quotes.  Needs root (batch.sh runs NSD on
# port 53 in a private network namespace); installs nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cmake -S "$here/.." -B "$here/../build-bench" -DCMAKE_BUILD_TYPE=Release \
    -DMXDIG_TESTS=OFF >/dev/null
cmake --build "$here/../build-bench" -j >/dev/null
mxdig=$here/../build-bench/cli/mxdig
echo "== one check: round trips (bench/roundtrips.sh)"
"$here/roundtrips.sh" "$mxdig"
echo
echo "== batch: domains per second (bench/batch.sh)"
"$here/batch.sh" "$mxdig"
echo
echo "== lint: zone files (bench/lint.sh)"
"$here/lint.sh" "$mxdig"
