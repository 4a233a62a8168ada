#!/usr/bin/env bash
# Installs jwtv's build dependencies (Debian 12) and builds one CMake preset.
#
#   tools/setup.sh [PRESET]      PRESET: release (default), debug, asan, tsan,
#                                clang, fuzz, openssl or openssl-asan (see
#                                CMakePresets.json)
#   tools/setup.sh --list        prints the package list, one a line
#                                (tools/check_packages.py proves it complete)
#
# Idempotent: apt is only touched when a package is missing. Set
# JWTV_SKIP_BUILD=1 to install the packages only. JWTV_JOBS caps the build's
# parallelism (default: ninja's choice). Extra arguments after the preset go
# to the configure step (e.g. -DBORINGSSL_ROOT=/path/to/boringssl).
set -euo pipefail

cd "$(dirname "$0")/.."

# Every package the build, the tests, the fuzzers and the benchmarks use on a
# bare Debian 12. tools/check_packages.py fails CI when a header or library
# the build reads belongs to a package outside this list's dependency closure.
# Programs and data the tests use without the build reading them: git (the
# FetchContent consumer clones the repository, tools/check_doc_links.py) and
# ca-certificates (the system trust store the TLS tests refuse a foreign
# CA against); clang-format and clang-tidy (tools/lint.sh, CI's lint stage);
# nginx (the server the nginx module's tests run) and wrk (bench/nginx).
# nginx-dev is read by the build: the nginx source the module compiles
# against (tools/build_nginx_module.sh).
packages=(
  cmake ninja-build g++ clang libclang-rt-14-dev
  libsimdjson-dev libabsl-dev android-libboringssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  pkg-config libgnutls28-dev libipsec-mb-dev
  python3-jwt python3-cryptography libjwt-dev libcpp-jwt-dev libssl-dev
  git ca-certificates clang-format clang-tidy
  nginx nginx-dev wrk
)
# The Node.js package (bindings/node) needs node and npm: Debian's nodejs and
# npm on a machine without node; a node already installed (NodeSource's, say)
# is kept, since Debian's nodejs would conflict with it.
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

if [[ "${1:-}" == --list ]]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

preset="${1:-release}"
shift || true

missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
  if [[ "$status" != "installed" ]]; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "== setup: installing ${missing[*]}"
  sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${packages[@]}"
else
  echo "== setup: all packages already installed"
fi

if [[ "${JWTV_SKIP_BUILD:-0}" == 1 ]]; then
  exit 0
fi

echo "== setup: configure + build preset '$preset'"
cmake --preset "$preset" "$@"
jobs=()
if [[ -n "${JWTV_JOBS:-}" ]]; then
  jobs=(-j "$JWTV_JOBS")
fi
cmake --build --preset "$preset" "${jobs[@]}"
