#!/usr/bin/python3
"""mnv3c against its peers on this machine, in one run, interleaved.

For each model (MobileNetV3-Large, -Small; with --models mobilenet_v2
MobileNetV2, with --models efficientnet_b0 EfficientNet-B0; 224x224,
batch 1, fp32; and
with --models lraspp,ssdlite the LR-ASPP segmentation network at 512x512
and SSDLite320's backbone and head at 320x320) it makes
seeded random torchvision weights and one input, then:
  * compiles them with `mnv3c compile` for the host (1 and 2 threads, and
    with --freestanding at 1 thread: engine mnv3c-freestanding) and links
    bench/model_main.c;
  * exports the same torchvision model to ONNX for ONNX Runtime
    (npm onnxruntime-node in bench/ort, CPU execution provider);
  * builds bench/xnnpack (engine xnnpack: Debian's libxnnpack through its
    subgraph API, reading the same safetensors weights, input transpose to
    NHWC timed);
  * checks every engine's output against torch eager (relative L-inf);
XNNPACK's harness and the torch engines know only the classifiers (large,
small, mobilenet_v2, efficientnet_b0; every engine runs those): for
LR-ASPP and SSDLite the peers are ONNX Runtime and mnv3c's own builds.
  * runs ROUNDS rounds; each round runs every engine x model x threads once,
    in a rotated order, and records that run's median latency.
It prints, per model and thread count, the median over rounds of the round
medians, the fastest single run, and each engine's ratio to mnv3c; then,
for each model at one thread, where mnv3c's time goes: every fused op timed
alone (`mnv3c bench`) with its GMAC/s and share of the FMA peak that
`mnv3c bench` measures with the kernels' own vector width.

    /usr/bin/python3 bench/compare.py [--rounds 5] [--iters 200]
        [--models large,small,mobilenet_v2,efficientnet_b0,lraspp,ssdlite]
        [--threads 1,2]
        [--engines mnv3c,mnv3c-freestanding,ort,xnnpack,torch-frozen,torch-eager]
        [--work out/bench] [--build build]

Needs a built mnv3c (scripts/setup.sh), node + `npm install --ignore-scripts`
in bench/ort (its install script fetches a CUDA provider from the network),
libxnnpack-dev and libpthreadpool-dev.
The machine is shared and noisy: compare medians taken in the same run."""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SPECS = {"large": "models/mobilenet_v3_large.mnv3", "small": "models/mobilenet_v3_small.mnv3",
         "mobilenet_v2": "models/mobilenet_v2.mnv3",
         "efficientnet_b0": "models/efficientnet_b0.mnv3",
         "lraspp": "models/lraspp_mobilenet_v3_large.mnv3",
         "ssdlite": "models/ssdlite320_mobilenet_v3_large.mnv3"}
NAMES = {"large": "mobilenet_v3_large", "small": "mobilenet_v3_small",
         "mobilenet_v2": "mobilenet_v2", "efficientnet_b0": "efficientnet_b0",
         "lraspp": "lraspp_mobilenet_v3_large", "ssdlite": "ssdlite320_mobilenet_v3_large"}
# Dense-prediction models: their input size (the bundled spec's).
DENSE_SIZES = {"lraspp": 512, "ssdlite": 320}
CLASSIFIER_ONLY_ENGINES = ("xnnpack", "torch-frozen", "torch-eager")
SEED = 7


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs).stdout


def median_and_min(text):
    """(median, min) in ms from a "median X ms ... min Y" line, the format of
    bench/model_main.c and bench/xnnpack."""
    words = text.split()
    return float(words[words.index("median") + 1]), float(words[words.index("min") + 1])


def relative_error(path, reference):
    got = np.fromfile(path, np.float32)
    return float(np.abs(got - reference).max() / np.abs(reference).max())


def compile_library(model, weights, lib, build, flags):
    """mnv3c compile into `lib` and link bench/model_main.c there."""
    run([os.path.join(build, "bin/mnv3c"), "compile", os.path.join(ROOT, SPECS[model]),
         "--weights", weights, "-o", lib, "--emit=lib,header,stages"] + flags)
    archive = os.path.join(lib, NAMES[model] + ".a")
    run(["cc", "-O2", "-std=c99", "-DMODEL=" + NAMES[model], "-I", lib,
         os.path.join(HERE, "model_main.c"), archive, "-lpthread", "-lm",
         "-o", os.path.join(lib, "model")])
    return archive


def build_xnnpack(work):
    """bench/xnnpack/xnnpack_bench, built under `work` (make: once)."""
    build = os.path.join(work, "xnnpack")
    run(["make", "-C", os.path.join(HERE, "xnnpack"), "BUILD=" + build])
    return os.path.join(build, "xnnpack_bench")


def prepare(model, threads_list, work, build, freestanding):
    """Weights, input, torch reference, ONNX file and mnv3c binaries."""
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import mnv3_torch
    directory = os.path.join(work, model)
    os.makedirs(directory, exist_ok=True)
    weights = os.path.join(directory, "weights.safetensors")
    if model in DENSE_SIZES:
        sys.path.insert(0, os.path.join(ROOT, "test/e2e"))
        import make_dense_reference
        size = DENSE_SIZES[model]
        torch.manual_seed(SEED)
        torch_model = make_dense_reference.MODELS[model]()
        mnv3_torch.randomize(torch_model, SEED, size, calib_batches=2)
        mnv3_torch.write_safetensors(weights, mnv3_torch.export_tensors(torch_model.state_dict()))
        def forward(x):  # every output, one after another
            return torch.cat([v.reshape(-1) for v in torch_model(x).values()])
    else:
        torch_model, size, _ = mnv3_torch.build_random(model, SEED)
        run([sys.executable, os.path.join(ROOT, "tools/mnv3-export-weights.py"),
             "--torchvision", model, "--seed", str(SEED), "-o", weights])
        forward = torch_model
    x = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(11))
    x.numpy().tofile(os.path.join(directory, "input.f32"))
    with torch.no_grad():
        reference = forward(x).numpy().ravel()
    torch.onnx.export(torch_model, x, os.path.join(directory, "model.onnx"),
                      opset_version=13, input_names=["input"], output_names=["output"])
    if freestanding:
        compile_library(model, weights, os.path.join(directory, "freestanding1"), build,
                        ["--freestanding"])
    for threads in threads_list:
        lib = os.path.join(directory, "lib%d" % threads)
        compile_library(model, weights, lib, build, ["--threads", str(threads)])
    return directory, size, reference


def where_time_goes(model, directory, build):
    """`mnv3c bench` of one model at one thread, as markdown tables: every
    stage, then per op family."""
    out = os.path.join(directory, "bench.json")
    run([os.path.join(build, "bin/mnv3c"), "bench", os.path.join(ROOT, SPECS[model]),
         "--weights", os.path.join(directory, "weights.safetensors"), "--json", out])
    with open(out) as f:
        bench = json.load(f)
    peak = bench["fma_peak_per_second"]
    lines = ["FMA peak of one thread (mnv3c bench, %s): %.1f G/s; stages timed "
             "in sequence, as %s_run calls them\n" % (bench["target"], peak * 1e-9, NAMES[model]),
             "| stage | kind | MMAC | us | GMAC/s | % of peak |", "|---|---|---|---|---|---|"]
    row = "| %s | %s | %.2f | %.1f | %.1f | %.0f%% |"
    families = {}
    for s in bench["stages"]:
        lines.append(row % (s["function"], s["kind"], s["macs"] * 1e-6,
                            s["median_seconds"] * 1e6, s["gmacs"], 100 * s["peak_share"]))
        f = families.setdefault(s["kind"], [0, 0.0, 0.0])
        f[0] += 1
        f[1] += s["macs"]
        f[2] += s["median_seconds"]
    lines += ["", "| family | stages | MMAC | us | GMAC/s | % of peak |", "|---|---|---|---|---|---|"]
    total = [0, 0.0, 0.0]
    for kind, (n, macs, seconds) in sorted(families.items()):
        lines.append("| %s | %d | %.2f | %.1f | %.1f | %.0f%% |" % (
            kind, n, macs * 1e-6, seconds * 1e6, macs / seconds * 1e-9, 100 * macs / seconds / peak))
        total = [total[0] + n, total[1] + macs, total[2] + seconds]
    lines.append("| all stages | %d | %.2f | %.1f | %.1f | %.0f%% |" % (
        total[0], total[1] * 1e-6, total[2] * 1e6, total[1] / total[2] * 1e-9,
        100 * total[1] / total[2] / peak))
    whole = bench["whole"]
    lines.append("\nwhole call (%s_run): median %.3f ms, %.1f GMAC/s = %.0f%% of peak; "
                 "the stages timed in sequence sum to %.3f ms (%.0f%% of it), alone "
                 "and hot to %.3f ms"
                 % (NAMES[model], whole["median_seconds"] * 1e3, whole["gmacs"],
                    100 * whole["peak_share"], total[2] * 1e3,
                    100 * total[2] / whole["median_seconds"],
                    sum(s["hot_median_seconds"] for s in bench["stages"]) * 1e3))
    return "\n".join(lines)


def measure(engine, model, threads, directory, size, iters, xnnpack):
    """One timed run of one engine: (median ms, min ms, output file)."""
    out = os.path.join(directory, "%s-%d.f32" % (engine, threads))
    inp = os.path.join(directory, "input.f32")
    if engine.startswith("mnv3c"):
        lib = "freestanding1" if engine == "mnv3c-freestanding" else "lib%d" % threads
        return median_and_min(run([os.path.join(directory, lib, "model"), inp, out,
                                   str(iters)])) + (out,)
    if engine == "xnnpack":
        return median_and_min(run([xnnpack, os.path.join(directory, "weights.safetensors"),
                                   inp, out, "--model", model, "--threads", str(threads),
                                   "--iters", str(iters)])) + (out,)
    if engine == "ort":
        cmd = ["node", os.path.join(HERE, "ort/ort_bench.js"), os.path.join(directory, "model.onnx"),
               inp, out, "--size", str(size), "--threads", str(threads), "--iters", str(iters)]
    else:
        cmd = [sys.executable, os.path.join(HERE, "torch_bench.py"), "--model", model,
               "--seed", str(SEED), "--input", inp, "--output", out,
               "--variant", engine.split("-")[1], "--threads", str(threads),
               "--iters", str(iters)]
    result = json.loads(run(cmd).strip().splitlines()[-1])
    return result["median"], result["min"], out


def describe_machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                  if line.startswith("model name")), platform.processor())
    flags = next((line.split(":", 1)[1].split() for line in open("/proc/cpuinfo")
                  if line.startswith("flags")), [])
    simd = [f for f in ("sse4_1", "avx2", "fma", "avx512f", "avx512_fp16", "amx_tile") if f in flags]
    return "%s, %d cpus, %s" % (model, os.cpu_count(), " ".join(simd))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iters", type=int, default=200)
    parser.add_argument("--models", default="large,small")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--engines",
                        default="mnv3c,mnv3c-freestanding,ort,xnnpack,torch-frozen,torch-eager")
    parser.add_argument("--work", default=os.path.join(ROOT, "out/bench"))
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    models, engines = args.models.split(","), args.engines.split(",")
    threads_list = [int(t) for t in args.threads.split(",")]

    print("machine:", describe_machine(), flush=True)
    os.makedirs(args.work, exist_ok=True)
    freestanding = "mnv3c-freestanding" in engines
    prepared = {m: prepare(m, threads_list, args.work, args.build, freestanding)
                for m in models}
    xnnpack = build_xnnpack(args.work) if "xnnpack" in engines else None
    # A freestanding library is single-threaded.
    configs = [(e, m, t) for m in models for t in threads_list for e in engines
               if not (e == "mnv3c-freestanding" and t != 1)
               and not (m in DENSE_SIZES and e in CLASSIFIER_ONLY_ENGINES)]
    medians = {c: [] for c in configs}
    minima = {c: float("inf") for c in configs}
    for round_index in range(args.rounds):
        shift = round_index % len(engines)  # rotate which engine goes first
        order = sorted(configs, key=lambda c: (engines.index(c[0]) - shift) % len(engines))
        for engine, model, threads in order:
            directory, size, reference = prepared[model]
            median, fastest, out = measure(engine, model, threads, directory, size, args.iters,
                                          xnnpack)
            error = relative_error(out, reference)
            if error > 1e-4:
                sys.exit("%s %s x%d: output differs from torch (relative L-inf %.2e)"
                         % (engine, model, threads, error))
            medians[(engine, model, threads)].append(median)
            minima[(engine, model, threads)] = min(minima[(engine, model, threads)], fastest)
        print("round %d/%d done" % (round_index + 1, args.rounds), flush=True)

    print("\n| model | threads | engine | median of round medians (ms) | round medians min..max | fastest run | vs mnv3c |")
    print("|---|---|---|---|---|---|---|")
    for model in models:
        for threads in threads_list:
            ours = statistics.median(medians[("mnv3c", model, threads)])
            for engine in engines:
                if (engine, model, threads) not in medians:
                    continue
                values = medians[(engine, model, threads)]
                median = statistics.median(values)
                print("| %s | %d | %s | %.2f | %.2f..%.2f | %.2f | %.2fx |" % (
                    model, threads, engine, median, min(values), max(values),
                    minima[(engine, model, threads)], median / ours))

    if 1 in threads_list:
        for model in models:
            print("\n## %s, 1 thread: where mnv3c's time goes\n" % model)
            print(where_time_goes(model, prepared[model][0], args.build))


if __name__ == "__main__":
    main()
