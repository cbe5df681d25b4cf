#!/usr/bin/python3
"""Checks that a latency table predicts whole subnets (issue 12, item 3):

    /usr/bin/python3 bench/lut_check.py [--space models/search/ofa_mbv3.space]
        [--subnets 10] [--seed 1] [--resolution 224] [--rounds 1] [--runs 201]
        [--threads 1] [--work DIR]

Draws `--subnets` subnets of the space (seeded, every choice uniform) and
writes each as a spec (tools/mnv3_space.py). Then one `mnv3c lut` builds
the table and, with `--check`, times every subnet's whole call in the same
loop as the timing subnets: each of its `--runs` runs calls every timing
subnet and every check once, in a shuffled order. So the table's entries
and the subnets they are checked against are medians over the same minutes
of a shared machine, whose speed drifts by tens of percent from one minute
to the next. A subnet's prediction is the sum of its entries
(mnv3_space.predict_us, independent of the C++ that timed them); its MACs
must equal the sum of its entries' MACs exactly, or the table does not
describe the network that was timed.

Prints, per subnet, the predicted and measured latency and the error of the
prediction; writes the figures and the load average to DIR/lut_check.json
and the table to DIR/table.json. Exits 1 if the MACs disagree.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))
import mnv3_space  # noqa: E402  (the tools directory is not a package)

MAX_CHECKS = 16  # mnv3c lut --check, at most (memory)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--space", default=os.path.join(REPO, "models", "search",
                                                        "ofa_mbv3.space"))
    parser.add_argument("--subnets", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--resolution", type=int, default=224)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--runs", type=int, default=201)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--mnv3c", default=os.path.join(REPO, "build", "bin", "mnv3c"))
    parser.add_argument("--work", default="/tmp/mnv3c-lut-check")
    args = parser.parse_args()
    if not 1 <= args.subnets <= MAX_CHECKS:
        parser.error("--subnets must be in [1, %d] (mnv3c lut takes at most %d "
                     "checks)" % (MAX_CHECKS, MAX_CHECKS))
    os.makedirs(args.work, exist_ok=True)

    space = mnv3_space.read_space(args.space)
    rng = random.Random(args.seed)
    subnets, checks = [], []
    for i in range(args.subnets):
        subnet = mnv3_space.sample_subnet(space, rng)
        spec = os.path.join(args.work, "subnet%d.mnv3" % i)
        with open(spec, "w") as f:
            f.write(mnv3_space.subnet_spec(space, subnet, "subnet%d" % i,
                                           args.resolution))
        subnets.append({"subnet": subnet, "spec": spec,
                        "choices": mnv3_space.describe_subnet(space, subnet)})
        checks += ["--check", spec]
        print("subnet %d: %s" % (i, subnets[-1]["choices"]), flush=True)

    table_path = os.path.join(args.work, "table.json")
    command = [args.mnv3c, "lut", args.space, "-o", table_path,
               "--resolution", str(args.resolution), "--runs", str(args.runs),
               "--rounds", str(args.rounds), "--threads", str(args.threads)] + checks
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    if result.returncode != 0:
        sys.exit("lut_check: %s failed:\n%s" % (" ".join(command), result.stderr))
    load = os.getloadavg()[0]
    with open(table_path) as f:
        table = json.load(f)
    if len(table["checks"]) != len(subnets):
        sys.exit("lut_check: the table holds %d checks, not %d"
                 % (len(table["checks"]), len(subnets)))

    print("\n| subnet | depth:kernel/expansion per block, per stage | MMAC "
          "| predicted ms | measured ms | error |")
    print("|---|---|---|---|---|---|")
    within = 0
    for i, (s, check) in enumerate(zip(subnets, table["checks"])):
        if check["file"] != s["spec"]:
            sys.exit("lut_check: check %d is %s, not %s" % (i, check["file"], s["spec"]))
        table_macs = mnv3_space.predict_macs(table, space, s["subnet"])
        if table_macs != check["macs"]:
            sys.exit("lut_check: subnet %d has %d MACs, its table entries %d"
                     % (i, check["macs"], table_macs))
        s["macs"] = check["macs"]
        s["predicted_us"] = mnv3_space.predict_us(table, space, s["subnet"])
        s["measured_us"] = check["latency_us"]
        s["round_measured_us"] = check["round_latencies_us"]
        s["error"] = s["predicted_us"] / s["measured_us"] - 1
        within += abs(s["error"]) <= 0.10
        print("| %d | %s | %.1f | %.3f | %.3f | %+.1f %% |"
              % (i, s["choices"], s["macs"] * 1e-6, s["predicted_us"] / 1000,
                 s["measured_us"] / 1000, 100 * s["error"]))
    errors = [abs(s["error"]) for s in subnets]
    print("\n%d of %d subnets within 10 %%; mean |error| %.1f %%, largest %.1f %%; "
          "load average %.2f" % (within, len(subnets), 100 * statistics.mean(errors),
                                 100 * max(errors), load))
    with open(os.path.join(args.work, "lut_check.json"), "w") as f:
        json.dump({"space": args.space, "resolution": args.resolution,
                   "rounds": args.rounds, "runs": args.runs, "seed": args.seed,
                   "machine": table["machine"], "load_average": load,
                   "within_10_percent": within, "subnets": subnets}, f, indent=1)


if __name__ == "__main__":
    main()
