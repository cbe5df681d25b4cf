#!/usr/bin/env bash
# The main job: MobileNetV3-Large from its bundled spec, end to end.
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

echo "== run the fused IR with the reference evaluator"
build/bin/mnv3c run models/mobilenet_v3_large.mnv3 --weights "$out/weights.safetensors" \
  --passes=mnv3-default --input "$out/input.f32" --output "$out/logits.f32"
build/bin/mnv3c run models/mobilenet_v3_large.mnv3 --weights "$out/weights.safetensors" \
  --passes=mnv3-default --input "$out/input.f32"

echo "== compare with torchvision"
$python - "$out" <<'PY'
import sys, numpy as np, torch, torchvision
out = sys.argv[1]
import importlib.util
spec = importlib.util.spec_from_file_location("export", "tools/mnv3-export-weights.py")
export = importlib.util.module_from_spec(spec); spec.loader.exec_module(export)
model, _, _ = export.build_random("mobilenet_v3_large", 7)
x = torch.from_numpy(np.fromfile(out + "/input.f32", np.float32).reshape(1, 3, 224, 224))
with torch.no_grad():
    ref = model(x).numpy().ravel()
got = np.fromfile(out + "/logits.f32", np.float32)
rel = np.abs(got - ref).max() / np.abs(ref).max()
print(f"torchvision top-5: {list(np.argsort(-ref)[:5])}  relative L-inf error: {rel:.2e}")
sys.exit(0 if rel <= 1e-4 else 1)
PY
