#!/usr/bin/env bash
# One command from a fresh clone: install dependencies, build the release
# preset and run the demo (examples/demo.cc).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh release
exec build/release/jwtv_demo "$@"
