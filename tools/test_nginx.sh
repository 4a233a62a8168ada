#!/usr/bin/env bash
# Builds the nginx module (tools/build_nginx_module.sh) and runs its tests
# against Debian's nginx on loopback (tests/nginx/nginx_test.py).
#
#   tools/test_nginx.sh [-v]      extra arguments go to unittest
set -euo pipefail
cd "$(dirname "$0")/.."
tools/build_nginx_module.sh
# Debian's python3 (PyJWT, cryptography from tools/setup.sh's packages).
/usr/bin/python3 tests/nginx/nginx_test.py "$@"
