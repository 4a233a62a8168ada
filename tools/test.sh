#!/usr/bin/env bash
# One command from a fresh clone: install dependencies, build a preset
# (default release) and run the whole test suite with ctest.
#
#   tools/test.sh [PRESET] [CTEST ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
tools/setup.sh "$preset"
exec ctest --preset "$preset" -j "${JWTV_JOBS:-$(nproc)}" "$@"
