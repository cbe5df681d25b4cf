#!/usr/bin/env bash
# Checks a family's pre-pool feature map and its logits in one library:
# compiles SPEC plus two named outputs (the layer FEATURES, then the logits,
# classifier.1) for TARGET with compile-and-run.sh, runs it on the files
# make_reference.py wrote to WORK, and compares both outputs with
# torchvision's at relative L-inf <= 1e-4, then the logits' top-5.
#   features-and-logits.sh PYTHON TARGET SPEC FEATURES C,H,W WORK [mnv3c compile options]
# PYTHON is the oracle's interpreter (lit's %python). Prints compare.py's
# reports: "OK (2 tensors compared)", then "OK (1 tensor compared)".
set -euo pipefail
python=$1 target=$2 spec=$3 features=$4 shape=$5 work=$6
shift 6
here=$(cd "$(dirname "$0")" && pwd)

both=$work/features-and-logits-$target
mkdir -p "$both"
cp "$spec" "$both/model.mnv3"
# (a newline first: the spec's last line may lack one)
printf '\noutput features %s\noutput logits classifier.1\n' "$features" >> "$both/model.mnv3"
"$here/compile-and-run.sh" "$target" "$both/model.mnv3" "$work/weights.safetensors" \
  "$work/input.f32" "$both/both.out" "$both/lib" "$@"
# The library writes the outputs one after the other, features first.
cat "$work/features.f32" "$work/logits.f32" > "$both/both.f32"
"$python" "$here/compare.py" "$both/both.f32" "$both/both.out" \
  --shape "1,$shape+1,1000" --rtol 1e-4
tail -c "$(wc -c < "$work/logits.f32")" "$both/both.out" > "$both/logits.out"
"$python" "$here/compare.py" "$work/logits.f32" "$both/logits.out" \
  --shape 1,1000 --rtol 1e-4 --top5
