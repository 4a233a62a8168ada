#!/usr/bin/env bash
# Builds the nginx module, build/<preset>/nginx/ngx_http_auth_jwtv_module.so,
# for Debian 12's nginx (README.md, "nginx"):
#   1. copies the nginx source of Debian's nginx-dev (/usr/share/nginx/src)
#      to build/nginx-src and runs nginx's configure there with the flags of
#      Debian's own build (conf_flags), so that objs/ngx_auto_config.h, and
#      with it the module's ABI signature, match /usr/sbin/nginx;
#   2. configures the openssl preset (libjwtv on OpenSSL 3, static, -fPIC;
#      openssl-asan for the tests under ASan/UBSan, tools/test_nginx.sh --asan;
#      nginx links OpenSSL 3, so never BoringSSL in its process) with
#      JWTV_BUILD_NGINX=ON and builds only the module's target.
#
#   tools/build_nginx_module.sh [PRESET]   openssl (default) or openssl-asan;
#                                          JWTV_JOBS caps the parallelism (2)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-openssl}"
case "$preset" in
  openssl | openssl-asan) ;;
  *) echo "the nginx module builds in the openssl or openssl-asan preset"; exit 2 ;;
esac

nginx_src=/usr/share/nginx/src
out=build/nginx-src
if [[ ! -f "$out/objs/ngx_auto_config.h" ]]; then
  [[ -d "$nginx_src" ]] || { echo "no $nginx_src: apt-get install nginx-dev"; exit 1; }
  rm -rf "$out"
  mkdir -p build
  cp -r "$nginx_src" "$out"
  # shellcheck disable=SC1091
  (cd "$out" && source ./conf_flags && ./configure "${NGX_CONF_FLAGS[@]}" >configure.log 2>&1) ||
    { cat "$out/configure.log"; exit 1; }
fi

cmake --preset "$preset" -DJWTV_BUILD_NGINX=ON -DJWTV_NGINX_SRC="$PWD/$out" >/dev/null
cmake --build --preset "$preset" -j "${JWTV_JOBS:-2}" --target ngx_http_auth_jwtv_module
echo "module: $PWD/build/$preset/nginx/ngx_http_auth_jwtv_module.so"
