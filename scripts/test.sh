#!/usr/bin/env bash
# Runs every test, the quickest feedback first (docs/testing.md):
#  1. normal: the normal build (./build from setup.sh), every lit suite
#     through ctest (IR, driver, numerics against torchvision, cross-arch
#     under qemu);
#  2. checked: the checked build (./build-sanitize, built here: ASan + UBSan),
#     the IR, import, weights, reference and driver suites through ctest;
#  3. fuzz: each libFuzzer harness for a bounded time (scripts/fuzz.sh).
# A phase whose tests fail does not stop the next; the script fails at the
# end, naming the phases that failed. A build error stops it at once (set -e
# does not hold inside the phases, called as `phase || ...`).
#
#   scripts/test.sh [--normal-only | --checked-only] [CTEST ARGS...]
#
# CTEST ARGS go to the normal phase's ctest (e.g. -R Import).
set -euo pipefail
cd "$(dirname "$0")/.."

phases=(normal checked fuzz)
case "${1:-}" in
  --normal-only) phases=(normal); shift ;;
  --checked-only) phases=(checked fuzz); shift ;;
esac
checked=build-sanitize
failed=()
phase() { echo "=== test.sh: $* (at ${SECONDS}s)"; }

normal() {
  phase "normal build: every suite"
  ninja -C build || exit 1
  # Two at a time: the machine has two cores and most tests wait on one.
  ctest --test-dir build --output-on-failure --parallel 2 --no-tests=error "$@"
}

checked() {
  phase "checked build (ASan + UBSan): configure and build"
  [ -f "$checked/build.ninja" ] ||
    cmake -G Ninja -C test/fuzz/checked-build.cmake -S . -B "$checked" || exit 1
  ninja -C "$checked" -j2 mnv3c mnv3-opt mnv3-eval safetensors-dump || exit 1
  phase "checked build: IR, import, weights, reference and driver suites"
  # abort_on_error: a finding kills the tool by SIGABRT, which `not` does
  # not take for the failure a test expects (it would an exit status of 1).
  ASAN_OPTIONS=abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:abort_on_error=1 \
  ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-19/bin/llvm-symbolizer \
    ctest --test-dir "$checked" --output-on-failure --parallel 2 \
      --no-tests=error -R '^(Dialect|Import|Safetensors|Transforms|Reference)/'
}

fuzz() {
  phase "fuzzers under ASan + UBSan"
  scripts/fuzz.sh --build "$checked" --seconds "${MNV3_FUZZ_SECONDS:-60}"
}

for name in "${phases[@]}"; do
  status=0
  if [ "$name" = normal ]; then normal "$@" || status=$?; else "$name" || status=$?; fi
  ((status == 0)) || failed+=("$name")
done
phase "done"
if ((${#failed[@]})); then
  echo "test.sh: FAILED phases: ${failed[*]}"
  exit 1
fi
