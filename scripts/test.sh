#!/usr/bin/env bash
# Runs every test, the quickest feedback first (docs/testing.md):
#  1. the normal build (./build from setup.sh): every lit suite through ctest
#     (IR, driver, numerics against torchvision, cross-arch under qemu);
#  2. the checked build (./build-sanitize, built here: ASan + UBSan): the IR,
#     import, weights, reference and driver suites through ctest;
#  3. each libFuzzer harness for a bounded time (scripts/fuzz.sh).
# Arguments go to the first ctest (e.g. -R Import); --normal-only stops there.
set -euo pipefail
cd "$(dirname "$0")/.."

normal_only=0
if [ "${1:-}" = "--normal-only" ]; then
  normal_only=1
  shift
fi
phase() { echo "=== test.sh: $* (at ${SECONDS}s)"; }

phase "normal build: every suite"
ninja -C build
# Two at a time: the machine has two cores and most tests wait on one.
ctest --test-dir build --output-on-failure --parallel 2 --no-tests=error "$@"
if ((normal_only)); then exit 0; fi

checked=build-sanitize
phase "checked build: configure and build"
[ -f "$checked/build.ninja" ] ||
  cmake -G Ninja -C test/fuzz/checked-build.cmake -S . -B "$checked"
ninja -C "$checked" -j2 mnv3c mnv3-opt mnv3-eval safetensors-dump

phase "checked build: IR, import, weights, reference and driver suites"
# abort_on_error: a finding kills the tool by SIGABRT, which `not` does not
# take for the failure a test expects (it would an exit status of 1).
ASAN_OPTIONS=abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:abort_on_error=1 \
ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-19/bin/llvm-symbolizer \
  ctest --test-dir "$checked" --output-on-failure --parallel 2 --no-tests=error \
    -R '^(Dialect|Import|Safetensors|Transforms|Reference)/'

phase "fuzzers under ASan + UBSan"
scripts/fuzz.sh --build "$checked" --seconds "${MNV3_FUZZ_SECONDS:-60}"
phase "done"
