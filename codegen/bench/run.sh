#!/bin/bash
# Per-family GMAC/s of MobileNetV3-Large at 224x224 (torchvision shapes,
# random weights), single thread by default.
# usage: codegen/bench/run.sh MNV3_CODEGEN WORK_DIR [TARGET] [THREADS]
set -eu
tool=$1 work=$2 target=${3:-host} threads=${4:-1}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
[ -f "$work/cases/e2e_mobilenet_v3_large_224/net.txt" ] ||
  /usr/bin/python3 "$here/../../test/Codegen/make_layers.py" "$work/cases" \
    --only e2e_mobilenet_v3_large_224 --e2e-hw 224 > /dev/null
"$tool" "$work/cases/e2e_mobilenet_v3_large_224/net.txt" -o "$work/out" -n net \
  --target "$target" --threads "$threads" --emit lib,header,stages > "$work/log.txt"
grep -E "^(target|scratch|codegen)" "$work/log.txt"
c++ -O2 -std=c++17 -DMODEL=net -I/usr/include/halide14 -I"$work/out" \
  "$here/../../bench/stage_bench.cpp" "$work/out/net.a" -rdynamic -lpthread -ldl \
  -o "$work/bench"
"$work/bench" "$work/out/net.stages.txt" "${PEAK:-58.8}" "${REPS:-41}"
