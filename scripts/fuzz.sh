#!/usr/bin/env bash
# Runs the libFuzzer harnesses of test/fuzz one after the other, each under
# ASan + UBSan, from the checked build (configured and built here if needed;
# docs/testing.md). Fails if a harness finds anything or runs no input.
#
#   scripts/fuzz.sh [--seconds N | --runs N] [--build DIR] [HARNESS...]
#
# HARNESS: spec, ir, onnx, safetensors (default: all four). --seconds N (default
# 60) bounds each harness's time, --runs N its executions. DIR defaults to
# build-sanitize. Each harness starts from test/fuzz/corpus/HARNESS plus what
# earlier runs added to DIR/fuzz/corpus/HARNESS (new inputs go there, never
# into the repo). A finding (crash-*, leak-*, timeout-*, oom-*) is kept in
# DIR/fuzz/findings/HARNESS and printed in base64 with the command that
# replays it; the full log is DIR/fuzz/HARNESS.log.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-max_total_time=60)
build=build-sanitize
harnesses=()
while (($#)); do
  case "$1" in
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    --build) build="$2"; shift 2 ;;
    spec|ir|onnx|safetensors) harnesses+=("$1"); shift ;;
    *) echo "usage: $0 [--seconds N | --runs N] [--build DIR] [spec|ir|onnx|safetensors]..." >&2
       exit 2 ;;
  esac
done
((${#harnesses[@]})) || harnesses=(spec ir onnx safetensors)

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -C test/fuzz/checked-build.cmake -S . -B "$build"
fi
ninja -C "$build" -j2 "${harnesses[@]/#/fuzz-}"

# A finding must stop the harness with a stack that names our code.
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-19/bin/llvm-symbolizer
export UBSAN_OPTIONS=print_stacktrace=1

failed=0
for harness in "${harnesses[@]}"; do
  work="$build/fuzz"
  corpus="$work/corpus/$harness" findings="$work/findings/$harness"
  log="$work/$harness.log"
  mkdir -p "$corpus" "$findings"
  rm -f "$findings"/*
  echo "fuzz-$harness: running (${limit[*]}), log in $log"
  # TMPDIR: fuzz-ir's and fuzz-onnx's input file, left behind if a finding kills the run.
  status=0
  TMPDIR="$work" "$build/bin/fuzz-$harness" "${limit[@]}" \
    -dict="test/fuzz/$harness.dict" -timeout=30 -print_final_stats=1 \
    -close_fd_mask=3 -artifact_prefix="$findings/" \
    "$corpus" "test/fuzz/corpus/$harness" >"$log" 2>&1 || status=$?

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  echo "fuzz-$harness: ${runs:-0} executions, ${speed:-0} exec/s, ${coverage:-cov: ?}, exit $status"
  found=("$findings"/*)
  [ -e "${found[0]}" ] || found=()
  if ((status != 0 || ${#found[@]} > 0)); then
    failed=1
    echo "fuzz-$harness: FOUND something; the end of its log:"
    tail -n 60 "$log"
    for file in "${found[@]}"; do
      echo "--- $file ($(stat -c %s "$file") bytes), base64:"
      base64 "$file"
      echo "--- replay: $build/bin/fuzz-$harness $file"
    done
  elif [ "${runs:-0}" -eq 0 ]; then
    failed=1
    echo "fuzz-$harness: FAILED: no input was executed"
  fi
done
exit "$failed"
