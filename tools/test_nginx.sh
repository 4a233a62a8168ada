#!/usr/bin/env bash
# Builds the nginx module (tools/build_nginx_module.sh) and runs its tests
# against Debian's nginx on loopback (tests/nginx/nginx_test.py).
#
#   tools/test_nginx.sh [--asan] [-v]   extra arguments go to unittest
#
# --asan: the module and libjwtv built with ASan and UBSan (openssl-asan
# preset), nginx started with the sanitizer runtime preloaded (nginx itself
# is not instrumented; the module's code is). libstdc++ is preloaded with it:
# ASan intercepts C++ throws only in a process that has libstdc++ at start,
# and nginx, a C program, loads it only with the module.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=openssl
if [[ "${1:-}" == --asan ]]; then
  preset=openssl-asan
  shift
  JWTV_NGINX_PRELOAD="$(g++ -print-file-name=libasan.so) $(g++ -print-file-name=libstdc++.so)"
  export JWTV_NGINX_PRELOAD
fi
tools/build_nginx_module.sh "$preset"
if [[ "$preset" == openssl ]]; then
  # The module's C++ side is in build/openssl's compile database only once
  # the module is configured, after tools/lint.sh's own run: tidied here.
  clang-tidy -p build/openssl --quiet --extra-arg=-Wno-unknown-warning-option \
    nginx/jwtv_ngx.cc 2>/dev/null
fi
export JWTV_NGINX_MODULE="$PWD/build/$preset/nginx/ngx_http_auth_jwtv_module.so"
# Debian's python3 (PyJWT, cryptography from tools/setup.sh's packages).
/usr/bin/python3 tests/nginx/nginx_test.py "$@"
