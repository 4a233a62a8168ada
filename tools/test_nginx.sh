#!/usr/bin/env bash
# Builds the nginx module (tools/build_nginx_module.sh) and runs its tests
# against Debian's nginx on loopback (tests/nginx/nginx_test.py).
#
#   tools/test_nginx.sh [-v]      extra arguments go to unittest
set -euo pipefail
cd "$(dirname "$0")/.."
tools/build_nginx_module.sh
# The module's C++ side is in build/openssl's compile database only once
# the module is configured, after tools/lint.sh's own run: tidied here.
clang-tidy -p build/openssl --quiet --extra-arg=-Wno-unknown-warning-option \
  nginx/jwtv_ngx.cc 2>/dev/null
# Debian's python3 (PyJWT, cryptography from tools/setup.sh's packages).
/usr/bin/python3 tests/nginx/nginx_test.py "$@"
