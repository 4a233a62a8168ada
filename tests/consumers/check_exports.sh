#!/usr/bin/env bash
# Checks a shared libjwtv: its SONAME is libjwtv.so.<major>, it exports the
# public API (jwtv::Validator::Validate, jwtv::KeySet::FromJwks) and no name
# of jwtv's internals (nothing mentioning jwtv::internal) nor of the
# libraries it links.
#
#   check_exports.sh <path to libjwtv.so>
set -euo pipefail
lib=$1
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
echo "SONAME: $soname"
[[ $soname == libjwtv.so.0 ]] || { echo "FAIL: SONAME $soname"; exit 1; }
syms=$(nm -D --defined-only -C "$lib" | cut -c20-)
echo "exported: $(wc -l <<< "$syms") symbols"
fail=0
for want in 'jwtv::Validator::Validate(' 'jwtv::KeySet::FromJwks(' \
            'jwtv::ErrorCodeName(' 'jwtv::VerifiedToken::'; do
  grep -qF "$want" <<< "$syms" || { echo "FAIL: $want not exported"; fail=1; }
done
if grep -F 'jwtv::internal' <<< "$syms"; then
  echo "FAIL: the lines above export jwtv::internal names"
  fail=1
fi
# Nothing of the libraries jwtv links: Abseil, simdjson, the crypto library
# (C names, no `::`). Instantiations of the standard library's templates
# (vague linkage) may appear, as in any C++ shared library.
others=$(grep -E '^(absl|simdjson|bssl)::|^[^:]*$' <<< "$syms" |
         grep -v -E '^(_init|_fini|_edata|_end|__bss_start)$' || true)
if [[ -n $others ]]; then
  echo "$others" | head -20
  echo "FAIL: the lines above are exported and not jwtv's"
  fail=1
fi
exit $fail
