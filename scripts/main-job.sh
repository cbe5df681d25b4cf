#!/usr/bin/env bash
# The main job: MobileNetV3-Large from its bundled spec, end to end: import,
# fuse, compile to a static library, link into a C program, run, compare.
#
# No pretrained weights can be downloaded here, so the weights are SEEDED
# RANDOM weights made with torchvision (tools/mnv3-export-weights.py), with
# non-trivial BatchNorm statistics; the classes printed are therefore not
# ImageNet predictions, but they must equal torchvision's.
set -euo pipefail
cd "$(dirname "$0")/.."
out=out/main-job
mkdir -p "$out"
python=/usr/bin/python3

echo "== seeded random weights for mobilenet_v3_large (torchvision) and a random input"
$python tools/mnv3-export-weights.py --torchvision mobilenet_v3_large --seed 7 \
  -o "$out/weights.safetensors"
$python - "$out" <<'PY'
import sys, torch
torch.manual_seed(11)
torch.randn(1, 3, 224, 224).numpy().tofile(sys.argv[1] + "/input.f32")
PY

echo "== import: spec -> mnv3 IR -> fused IR (weights elided in the dump)"
build/bin/mnv3c import models/mobilenet_v3_large.mnv3 --weights "$out/weights.safetensors" \
  --passes=mnv3-default --elide-weights -o "$out/fused.mlir"
grep -c "mnv3.bneck" "$out/fused.mlir" | sed 's/^/bneck blocks after fusion: /'

echo "== compile: spec + weights -> static library + header (host CPU)"
build/bin/mnv3c compile models/mobilenet_v3_large.mnv3 --weights "$out/weights.safetensors" \
  --target host -o "$out/lib"

echo "== link it into a small C program and run it (100 timed runs after the first)"
cc -O2 -std=c99 -Wall -Werror -DMODEL=mobilenet_v3_large -I "$out/lib" bench/model_main.c \
  "$out/lib/mobilenet_v3_large.a" -lpthread -lm -o "$out/model"
"$out/model" "$out/input.f32" "$out/logits.f32" 100

echo "== compare with torchvision"
$python - "$out" <<'PY'
import sys, numpy as np, torch, torchvision
out = sys.argv[1]
sys.path.insert(0, "tools")
import mnv3_torch
model, _, _ = mnv3_torch.build_random("mobilenet_v3_large", 7)
x = torch.from_numpy(np.fromfile(out + "/input.f32", np.float32).reshape(1, 3, 224, 224))
with torch.no_grad():
    ref = model(x).numpy().ravel()
got = np.fromfile(out + "/logits.f32", np.float32)
rel = np.abs(got - ref).max() / np.abs(ref).max()
same = list(np.argsort(-ref)[:5]) == list(np.argsort(-got)[:5])
print(f"compiled top-5: {list(np.argsort(-got)[:5])}  torchvision top-5: {list(np.argsort(-ref)[:5])}")
print(f"relative L-inf error vs torchvision: {rel:.2e} ({'PASS' if rel <= 1e-4 and same else 'FAIL'})")
sys.exit(0 if rel <= 1e-4 and same else 1)
PY
