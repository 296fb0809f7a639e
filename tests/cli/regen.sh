#!/bin/sh
# regen.sh [MXDIG] -- rewrites the expected outputs of the golden tests on
# purpose, after a deliberate change of output.  Review `git diff` after.
here=$(cd "$(dirname "$0")" && pwd)
REGEN=1 exec "$here/golden.sh" "${1:-$here/../../build/cli/mxdig}" "$here"
