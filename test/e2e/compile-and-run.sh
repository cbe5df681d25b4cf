#!/usr/bin/env bash
# Compiles a model with mnv3c for TARGET, links it into bench/model_main.c
# with that target's C compiler and runs it (under qemu-user for ARM).
#   compile-and-run.sh TARGET SPEC WEIGHTS INPUT.f32 OUTPUT.f32 WORKDIR [mnv3c compile options]
# SPEC may also be an ONNX model (see below).
# TARGET: host, aarch64 or armv7-neon. Needs mnv3c on PATH.
set -euo pipefail
target=$1 spec=$2 weights=$3 input=$4 output=$5 work=$6
shift 6
here=$(cd "$(dirname "$0")" && pwd)
# An ONNX model (MODEL.onnx) is named after its file and holds its weights:
# pass "-" as WEIGHTS.
case "$spec" in
  *.onnx) model=$(basename "$spec" .onnx) ;;
  *)      model=$(awk '$1 == "model" { print $2; exit }' "$spec") ;;
esac
weights_option=(--weights "$weights")
[ "$weights" = - ] && weights_option=()

case "$target" in
  host)       cc=(cc);                         run=() ;;
  aarch64)    cc=(aarch64-linux-gnu-gcc);      run=(qemu-aarch64 -L /usr/aarch64-linux-gnu) ;;
  armv7-neon) cc=(arm-linux-gnueabihf-gcc);    run=(qemu-arm -L /usr/arm-linux-gnueabihf) ;;
  *) echo "compile-and-run.sh: unknown target $target" >&2; exit 2 ;;
esac

mkdir -p "$work"
mnv3c compile "$spec" "${weights_option[@]}" --target "$target" -o "$work" "$@"
"${cc[@]}" -O2 -std=c99 -Wall -Werror -DMODEL="$model" -I "$work" \
  "$here/../../bench/model_main.c" "$work/$model.a" -lpthread -lm -o "$work/model"
# Three more runs on the same scratch must repeat the first run bit for bit.
"${run[@]}" "$work/model" "$input" "$output" 3
