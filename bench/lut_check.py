#!/usr/bin/python3
"""Checks that a latency table predicts whole subnets (issue 12, item 3):

    /usr/bin/python3 bench/lut_check.py [--space models/search/ofa_mbv3.space]
        [--subnets 10] [--seed 1] [--resolution 224] [--rounds 3] [--runs 41]
        [--threads 1] [--work DIR]

Draws `--subnets` subnets of the space (seeded, every choice uniform), writes
each as a spec (tools/mnv3_space.py) with seeded random torchvision weights,
then runs `--rounds` rounds. Each round builds a table (`mnv3c lut`) and
times every subnet's whole call (`mnv3c bench`, median of `--runs`), the
subnets in a rotated order, so tables and subnets meet the same load of a
shared machine. The table predicted from is every entry's median over the
rounds' tables (DIR/table.json: what `mnv3c lut --rounds N` computes), a
subnet's prediction the sum of its entries (mnv3_space.predict_us), its
measured latency the median over rounds. Its MACs must equal the sum of its
entries' MACs exactly, or the table does not describe the network that
was timed.

Prints, per subnet, the predicted and measured latency, the error of the
prediction, and (for reference) the median over rounds of the sum of the
whole call's stages as mnv3c bench times them; writes the figures and the
load average after each round to DIR/lut_check.json. Exits 1 if the MACs
disagree.
"""
import argparse
import copy
import json
import os
import random
import statistics
import subprocess
import sys
from functools import partial

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))
import mnv3_space  # noqa: E402  (the tools directory is not a package)


def torchvision_subnet(space, subnet, resolution, seed):
    """The subnet as torchvision's MobileNetV3 with seeded random weights;
    the space's head must be torchvision's (6x the last block) and its
    classifier one hidden fc, as OFA's is."""
    import mnv3_torch
    import torch
    from torchvision.models import mobilenetv3 as tvm

    conf = partial(tvm.InvertedResidualConfig, width_mult=1.0)
    stem = dict(t.split("=") for t in space.setting("stem") if "=" in t)
    rows, channels = [], int(stem["out"])
    for row, blocks in zip(space.rows, subnet):
        for i, (kernel, expansion) in enumerate(blocks):
            expanded = (tvm._make_divisible(channels * float(expansion[1:]), 8)
                        if expansion.startswith("x") else int(expansion))
            rows.append(conf(channels, kernel, expanded, int(row.out), row.se == "se",
                             "HS" if row.act in ("hswish", "HS") else "RE",
                             int(row.stride) if i == 0 else 1, 1))
            channels = int(row.out)
    fcs = [tokens for keyword, tokens, _ in space.statements if keyword == "fc"]
    torch.manual_seed(seed)
    model = tvm.MobileNetV3(rows, last_channel=int(fcs[0][0]),
                            num_classes=int(fcs[-1][0]))
    # Timing needs ordinary values, not a calibrated network: one small batch.
    mnv3_torch.randomize(model, seed, resolution, calib_batches=1, calib_batch_size=2)
    return mnv3_torch.export_tensors(model.state_dict())


def median_table(tables):
    """Every entry's median over `tables` (same space and resolution): what
    `mnv3c lut --rounds N` computes from N rounds, here with the subnets
    timed between them."""
    merged = copy.deepcopy(tables[0])
    for i, part in enumerate(merged["fixed"]):
        part["latency_us"] = statistics.median(t["fixed"][i]["latency_us"] for t in tables)
    for i, stage in enumerate(merged["stages"]):
        for position in ("first", "repeat"):
            if stage[position] is None:
                continue
            for j, candidate in enumerate(stage[position]["candidates"]):
                candidate["latency_us"] = statistics.median(
                    t["stages"][i][position]["candidates"][j]["latency_us"] for t in tables)
    merged["rounds"] = len(tables)
    return merged


def run(command):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    if result.returncode != 0:
        sys.exit("lut_check: %s failed:\n%s" % (" ".join(command), result.stderr))
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--space", default=os.path.join(REPO, "models", "search",
                                                        "ofa_mbv3.space"))
    parser.add_argument("--subnets", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--resolution", type=int, default=224)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=201)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--mnv3c", default=os.path.join(REPO, "build", "bin", "mnv3c"))
    parser.add_argument("--work", default="/tmp/mnv3c-lut-check")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    import mnv3_torch
    space = mnv3_space.read_space(args.space)
    rng = random.Random(args.seed)
    subnets = []
    for i in range(args.subnets):
        subnet = mnv3_space.sample_subnet(space, rng)
        spec = os.path.join(args.work, "subnet%d.mnv3" % i)
        weights = os.path.join(args.work, "subnet%d.safetensors" % i)
        with open(spec, "w") as f:
            f.write(mnv3_space.subnet_spec(space, subnet, "subnet%d" % i,
                                           args.resolution))
        mnv3_torch.write_safetensors(weights, torchvision_subnet(
            space, subnet, args.resolution, args.seed * 1000 + i))
        subnets.append({"subnet": subnet, "spec": spec, "weights": weights,
                        "choices": mnv3_space.describe_subnet(space, subnet),
                        "round_predictions_us": [], "measured_us": [], "stages_us": []})
        print("subnet %d: %s" % (i, subnets[-1]["choices"]), flush=True)

    common = ["--runs", str(args.runs), "--threads", str(args.threads)]
    load, tables = [], []
    for r in range(args.rounds):
        table_path = os.path.join(args.work, "table%d.json" % r)
        run([args.mnv3c, "lut", args.space, "-o", table_path,
             "--resolution", str(args.resolution)] + common)
        with open(table_path) as f:
            table = json.load(f)
        tables.append(table)
        order = list(range(len(subnets)))
        order = order[r % len(order):] + order[:r % len(order)]
        for i in order:
            s = subnets[i]
            bench_path = os.path.join(args.work, "bench%d_%d.json" % (r, i))
            run([args.mnv3c, "bench", s["spec"], "--weights", s["weights"],
                 "--json", bench_path] + common)
            with open(bench_path) as f:
                bench = json.load(f)
            table_macs = mnv3_space.predict_macs(table, space, s["subnet"])
            if table_macs != bench["macs"]:
                sys.exit("lut_check: subnet %d has %d MACs, its table entries %d"
                         % (i, bench["macs"], table_macs))
            s["macs"] = bench["macs"]
            s["round_predictions_us"].append(
                mnv3_space.predict_us(table, space, s["subnet"]))
            s["measured_us"].append(bench["whole"]["median_seconds"] * 1e6)
            # Shown, not judged: how far the whole call is from its stages.
            s["stages_us"].append(sum(stage["median_seconds"]
                                      for stage in bench["stages"]) * 1e6)
        # A busy machine stretches a whole call more than its short stages.
        load.append(os.getloadavg()[0])
        print("round %d of %d done, load average %.2f" % (r + 1, args.rounds, load[-1]),
              flush=True)

    print("\n| subnet | depth:kernel/expansion per block, per stage | MMAC | predicted ms "
          "| measured ms | error | stages ms |")
    print("|---|---|---|---|---|---|---|")
    table = median_table(tables)
    with open(os.path.join(args.work, "table.json"), "w") as f:
        json.dump(table, f, indent=1)
    within = 0
    for i, s in enumerate(subnets):
        s["predicted_us"] = mnv3_space.predict_us(table, space, s["subnet"])
        s["measured_median_us"] = statistics.median(s["measured_us"])
        s["error"] = s["predicted_us"] / s["measured_median_us"] - 1
        within += abs(s["error"]) <= 0.10
        print("| %d | %s | %.1f | %.3f | %.3f | %+.1f %% | %.3f |"
              % (i, s["choices"], s["macs"] * 1e-6, s["predicted_us"] / 1000,
                 s["measured_median_us"] / 1000, 100 * s["error"],
                 statistics.median(s["stages_us"]) / 1000))
    errors = [abs(s["error"]) for s in subnets]
    print("\n%d of %d subnets within 10 %%; mean |error| %.1f %%, largest %.1f %%"
          % (within, len(subnets), 100 * statistics.mean(errors), 100 * max(errors)))
    machine = table["machine"]
    with open(os.path.join(args.work, "lut_check.json"), "w") as f:
        json.dump({"space": args.space, "resolution": args.resolution,
                   "rounds": args.rounds, "runs": args.runs, "machine": machine,
                   "load_average_after_each_round": load,
                   "subnets": [{k: v for k, v in s.items()
                                if k not in ("spec", "weights")} for s in subnets]},
                  f, indent=1)


if __name__ == "__main__":
    main()
