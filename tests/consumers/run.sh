#!/usr/bin/env bash
# Builds and runs one consumer of jwtv, as ctest's consumer_* tests do
# (tests/consumers/CMakeLists.txt):
#
#   run.sh <kind> <jwtv source dir> <jwtv build dir> <work dir>
#
#   install          cmake --install <jwtv build dir> --prefix <work>/prefix
#   find_package     find_package(jwtv) against <work>/prefix
#   pkgconfig        c++ -std=c++20 app.cc $(pkg-config --cflags --libs jwtv)
#   openssl_guard    configuring a consumer linking jwtv and OpenSSL fails
#   openssl_guard_subdir  the same with jwtv added by add_subdirectory
#   add_subdirectory add_subdirectory(<jwtv source dir>)
#   fetchcontent     FetchContent from a clone of the source dir's git
#                    repository at its HEAD commit (committed work only)
#   shared           jwtv built with BUILD_SHARED_LIBS=ON, installed to
#                    <work>/shared-prefix: SONAME, exported symbols (no
#                    jwtv::internal) and a find_package consumer
#
# Each consumer's app (tests/consumers/app.cc) validates examples/samples and
# exits 0 only when every answer is right; the find_package consumers also
# run testing_app (tests/consumers/testing_app.cc, jwtv::testing). Environment: CMAKE (the cmake to
# use), CXX (the compiler), JWTV_CRYPTO (the backend of the consumers that
# build jwtv again; default boringssl), JWTV_JOBS (default 2).
set -euo pipefail

kind=$1
src=$(cd "$2" && pwd)
build=$(cd "$3" && pwd)
work=$4
here=$src/tests/consumers
samples=$src/examples/samples
cmake=${CMAKE:-cmake}
jobs=${JWTV_JOBS:-2}
mkdir -p "$work"
work=$(cd "$work" && pwd)
gen=()
if command -v ninja > /dev/null; then gen=(-G Ninja); fi
cxx=()
if [[ -n "${CXX:-}" ]]; then cxx=(-DCMAKE_CXX_COMPILER="$CXX"); fi
crypto=(-DJWTV_CRYPTO="${JWTV_CRYPTO:-boringssl}")

# Configures, builds and runs the consumer project $1 in $work/$1.
consumer() {
  local project=$1
  shift
  rm -rf "$work/$project"
  "$cmake" -S "$here/$project" -B "$work/$project" "${gen[@]}" "${cxx[@]}" "$@"
  "$cmake" --build "$work/$project" -j "$jobs"
  "$work/$project/app" "$samples"
}

case $kind in
  install)
    rm -rf "$work/prefix"
    "$cmake" --install "$build" --prefix "$work/prefix"
    ;;
  find_package)
    consumer find_package -DCMAKE_PREFIX_PATH="$work/prefix"
    "$work/find_package/testing_app"
    ;;
  pkgconfig)
    flags=$(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/$(
      gcc -print-multiarch 2> /dev/null)/pkgconfig" \
      pkg-config --cflags --libs jwtv)
    echo "pkg-config --cflags --libs jwtv: $flags"
    rm -rf "$work/pkgconfig" && mkdir -p "$work/pkgconfig"
    # shellcheck disable=SC2086  # $flags is a list of words
    "${CXX:-c++}" -std=c++20 "$here/app.cc" -o "$work/pkgconfig/app" $flags
    "$work/pkgconfig/app" "$samples"
    ;;
  openssl_guard | openssl_guard_subdir)
    if [[ $kind == openssl_guard ]]; then
      from=(-DCMAKE_PREFIX_PATH="$work/prefix")
    else
      from=(-DJWTV_SOURCE_DIR="$src")
    fi
    log=$work/$kind.log
    rm -rf "${work:?}/$kind"
    if "$cmake" -S "$here/openssl_guard" -B "$work/$kind" "${gen[@]}" \
        "${cxx[@]}" "${from[@]}" > "$log" 2>&1; then
      cat "$log"
      echo "FAIL: the consumer linking jwtv and OpenSSL configured"
      exit 1
    fi
    cat "$log"
    grep -q "must not share a process" "$log"
    grep -q 'target `app` links jwtv::jwtv and OpenSSL::SSL' "$log"
    if grep -q 'target `tool`' "$log"; then
      echo "FAIL: tool links OpenSSL alone and was reported"
      exit 1
    fi
    echo "configure failed with jwtv's message, as it must"
    ;;
  add_subdirectory)
    consumer add_subdirectory -DJWTV_SOURCE_DIR="$src" "${crypto[@]}"
    ;;
  fetchcontent)
    if ! head=$(git -C "$src" rev-parse HEAD 2> /dev/null); then
      # In CI the source is always a clone: a missing git must fail there.
      if [[ -n "${CI:-}" ]]; then
        echo "FAIL: no git, or $src is not a git repository"
        exit 1
      fi
      echo "SKIP: $src is not a git repository"
      exit 77
    fi
    consumer fetchcontent -DJWTV_GIT_URL="file://$src" -DJWTV_GIT_TAG="$head" \
      "${crypto[@]}"
    ;;
  shared)
    rm -rf "$work/shared-build" "$work/shared-prefix"
    "$cmake" -S "$src" -B "$work/shared-build" "${gen[@]}" "${cxx[@]}" \
      -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DJWTV_INSTALL=ON \
      "${crypto[@]}" \
      -DJWTV_BUILD_TESTS=OFF -DJWTV_BUILD_BENCH=OFF -DJWTV_BUILD_CLI=OFF \
      -DJWTV_BUILD_EXAMPLES=OFF
    "$cmake" --build "$work/shared-build" -j "$jobs" --target jwtv jwtv_testing
    "$cmake" --install "$work/shared-build" --prefix "$work/shared-prefix"
    lib=$(find "$work/shared-prefix" -name 'libjwtv.so.*.*.*' | head -1)
    "$here/check_exports.sh" "$lib"
    rm -rf "$work/find_package_shared"
    "$cmake" -S "$here/find_package" -B "$work/find_package_shared" "${gen[@]}" \
      "${cxx[@]}" -DCMAKE_PREFIX_PATH="$work/shared-prefix"
    "$cmake" --build "$work/find_package_shared" -j "$jobs"
    readelf -d "$work/find_package_shared/app" | grep -q 'NEEDED.*\[libjwtv\.so\.0\]'
    "$work/find_package_shared/app" "$samples"
    readelf -d "$work/find_package_shared/testing_app" |
      grep -q 'NEEDED.*\[libjwtv_testing\.so\.0\]'
    "$work/find_package_shared/testing_app"
    ;;
  *)
    echo "run.sh: unknown kind $kind" >&2
    exit 2
    ;;
esac
