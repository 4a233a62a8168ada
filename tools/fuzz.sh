#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang-14, ASan+UBSan) and
# runs each for SECONDS from its seed corpus, JWTV_FUZZ_PARALLEL (default 2)
# at a time.
#
#   tools/fuzz.sh [SECONDS-PER-TARGET] [TARGET...]     (default: 60, all)
#
# The corpus is copied to a temporary directory first, so the run never
# changes fuzz/corpus/ (new inputs are kept in $JWTV_FUZZ_WORK when set, for
# a local run to merge back: see docs/FUZZING.md). Exits non-zero, printing
# the reproducer's path and the sanitizer or check report, on any crash,
# leak, timeout, out-of-memory or sanitizer finding. JWTV_JOBS caps the
# build's parallelism (default 2).
set -euo pipefail

cd "$(dirname "$0")/.."
root="$PWD"

seconds="${1:-60}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(fuzz_token fuzz_signed_claims fuzz_jwks fuzz_base64url fuzz_batch
    fuzz_claims_paths fuzz_p256 fuzz_ed25519 fuzz_http_response)
fi

echo "== fuzz: configure + build preset 'fuzz'"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${JWTV_JOBS:-2}" --target "${targets[@]}"

work="${JWTV_FUZZ_WORK:-$(mktemp -d /tmp/jwtv-fuzz.XXXXXX)}"
mkdir -p "$work"
echo "== fuzz: work directory $work"

# Runs one target; its report goes to $work/$t/report.txt and a failure
# leaves $work/$t/FAILED.
run_target() {
  local t="$1"
  local bin="$root/build/fuzz/fuzz/$t"
  local corpus="$work/$t/corpus"
  local artifacts="$work/$t/artifacts/"
  local log="$work/$t/log.txt"
  local report="$work/$t/report.txt"
  # fuzz/http.dict for the HTTP response parser, fuzz/jwt.dict for the rest.
  local dict="$root/fuzz/jwt.dict"
  if [[ $t == fuzz_http_response ]]; then dict="$root/fuzz/http.dict"; fi
  mkdir -p "$corpus" "$artifacts"
  cp -n "$root/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  {
    echo "== fuzz: $t for ${seconds}s ($(ls "$corpus" | wc -l) seeds)"
    local rc=0
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
      "$bin" -max_total_time="$seconds" -dict="$dict" \
        -artifact_prefix="$artifacts" -timeout=10 -rss_limit_mb=2048 \
        -max_len=20000 -print_final_stats=1 -error_exitcode=77 \
        -timeout_exitcode=78 \
        "$corpus" >"$log" 2>&1 || rc=$?
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$log" |
      sed "s/^/   /" || true
    local reproducers=("$artifacts"*)
    if [[ $rc != 0 || -e "${reproducers[0]}" ]] ||
       grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:|FUZZ_CHECK' "$log"; then
      echo "!! fuzz: $t FAILED (exit $rc). Report:"
      grep -E -A40 'FUZZ_CHECK|ERROR: |runtime error:|==ERROR' "$log" | head -80 || tail -40 "$log"
      for r in "${reproducers[@]}"; do
        [[ -e "$r" ]] || continue
        echo "!! reproducer: $r ($(stat -c %s "$r") bytes)"
        echo "!!   replay:   $bin $r"
        echo "!!   base64:   $(base64 -w0 "$r" | head -c 4000)"
      done
      touch "$work/$t/FAILED"
    fi
  } >"$report" 2>&1
}

# JWTV_FUZZ_PARALLEL targets at a time (default 2: one per core).
parallel="${JWTV_FUZZ_PARALLEL:-2}"
running=()
for t in "${targets[@]}"; do
  run_target "$t" &
  running+=("$t")
  if ((${#running[@]} >= parallel)); then
    wait
    for r in "${running[@]}"; do cat "$work/$r/report.txt"; done
    running=()
  fi
done
wait
for r in "${running[@]}"; do cat "$work/$r/report.txt"; done

failed=()
for t in "${targets[@]}"; do
  if [[ -e "$work/$t/FAILED" ]]; then failed+=("$t"); fi
done

if ((${#failed[@]} > 0)); then
  echo "== fuzz: FAILED: ${failed[*]} (logs and reproducers in $work)"
  exit 1
fi
echo "== fuzz: all targets clean"
