#!/usr/bin/env bash
# The fast lint stage (CI runs it first, after setup): clang-format and
# clang-tidy (.clang-tidy: bugprone, performance, cognitive complexity <= 40)
# over the library, the CLI, the fuzzers and the benchmarks, and no source
# file over 700 lines.
#
#   tools/lint.sh            everything
#   tools/lint.sh FILE...    clang-tidy on these .cc files only
#
# clang-tidy reads build/<preset>/compile_commands.json, so the release and
# openssl presets are configured (not built) first. The release preset's
# database has fuzz/*.cc too (their replay executables, fuzz/replay/) and
# bench/*.cc, so the fuzz preset is not needed.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${JWTV_JOBS:-$(nproc)}"

configure() {
  if [[ ! -f "build/$1/compile_commands.json" ]]; then
    cmake --preset "$1" >/dev/null
  fi
}
configure release

# The compile database is GCC's: clang-tidy must not fail on a GCC-only
# warning flag (-Wno-restrict) under CI's -Werror.
tidy() {  # tidy PRESET FILES...
  local preset="$1"
  shift
  [[ $# -gt 0 ]] || return 0
  printf '%s\n' "$@" |
    xargs -P "$jobs" -n 4 clang-tidy -p "build/$preset" --quiet \
      --extra-arg=-Wno-unknown-warning-option 2>/dev/null
}

if [[ $# -gt 0 ]]; then
  tidy release "$@"
  exit
fi

echo "lint: clang-format"
git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror

echo "lint: no source file over 700 lines"
long=$(git ls-files '*.cc' '*.h' | xargs wc -l | awk '$2 != "total" && $1 > 700')
if [[ -n "$long" ]]; then
  echo "$long"
  exit 1
fi

# Fuzzers and benchmarks whose functions are not yet split to the
# cognitive-complexity limit; remove a file here once it passes.
not_yet_split=(fuzz/fuzz_base64url.cc fuzz/fuzz_jwks.cc fuzz/fuzz_p256.cc
  fuzz/fuzz_signed_claims.cc bench/jwtv_bench.cc)

echo "lint: clang-tidy"
mapfile -t files < <(git ls-files 'src/*.cc' 'tools/*.cc' ':(glob)fuzz/*.cc' \
  ':(glob)bench/*.cc' | grep -v '^src/crypto/openssl/\|^src/testing/openssl/' |
  grep -vxF -f <(printf '%s\n' "${not_yet_split[@]}"))
mapfile -t openssl_files < <(git ls-files 'src/crypto/openssl/*.cc' \
  'src/testing/openssl/*.cc')
tidy release "${files[@]}"
configure openssl
tidy openssl "${openssl_files[@]}"
echo "lint: clean"
