#!/usr/bin/python3
"""Checks a table `mnv3c lut` wrote against the space it was made from:

    check_table.py TABLE.json SPACE [--resolution R] [--runs N] [--rounds N]
                   [--threads N] [--checks N]

- the header: format, version, unit, runs, rounds, the machine (CPU,
  threads, target), a UTC timestamp;
- one stage per searchable row, in file order, with the row's line, stride,
  depths, kernels and expansions; every kernel x expansion once as a first
  block and, exactly when the row may repeat, once as a repeated block;
- the fixed parts: the stem with the rows before the first searchable one,
  fixed rows between searchable ones, the last rows with the head and
  classifier, each with its lines;
- every input and output shape, and every entry's MACs and expanded
  channels, as computed here from the space (mnv3c counts a
  multiply-accumulate per conv and linear weight use, plus one per
  element a pool sums): an entry that timed the wrong layers fails;
- every latency positive and finite;
- `--checks` whole networks timed with the table (mnv3c lut --check), each
  with its file, MACs, and one latency per round.
Times are never compared with anything. Prints what it checked; exits 1 on
the first failure.
"""
import argparse
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import mnv3_space  # noqa: E402  (the tools directory is not a package)


def fail(message):
    print("check_table: FAIL: " + message)
    sys.exit(1)


def expect(what, actual, expected):
    if actual != expected:
        fail("%s: %r, expected %r" % (what, actual, expected))


def make_divisible(value, divisor=8):
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def strided(side, stride):
    return (side - 1) // stride + 1  # an odd kernel with "same" padding


class Shapes:
    """The space's maps and MACs, by torchvision's rules."""

    def __init__(self, space, resolution):
        tokens = space.setting("input") or ["3x224x224"]
        channels, height, width = (int(v) for v in tokens[0].split("x"))
        if resolution:
            height = width = resolution
        self.input = [channels, height, width]
        self.width = float((space.setting("width") or ["1.0"])[0])
        stem = dict(t.split("=") for t in space.setting("stem") if "=" in t)
        self.stem_kernel = int(stem.get("k", 3))
        stride = int(stem.get("s", 2))
        self.stem_out = [self.scaled(int(stem["out"])), strided(height, stride),
                         strided(width, stride)]

    def scaled(self, channels):
        return make_divisible(channels * self.width)

    def block(self, row, shape, kernel, expansion, stride):
        """(output shape, expanded channels, MACs) of one block."""
        c, h, w = shape
        out = self.scaled(int(row.out))
        expanded = (make_divisible(c * float(expansion[1:]))
                    if expansion.startswith("x") else self.scaled(int(expansion)))
        ho, wo = strided(h, stride), strided(w, stride)
        macs = 0 if expanded == c else c * expanded * h * w
        macs += expanded * kernel * kernel * ho * wo
        if row.se == "se":
            squeeze = make_divisible(expanded // 4)
            macs += expanded * ho * wo + 2 * expanded * squeeze
        macs += expanded * out * ho * wo
        return [out, ho, wo], expanded, macs

    def stem_macs(self):
        c, h, w = self.stem_out
        return self.input[0] * c * self.stem_kernel ** 2 * h * w

    def head_macs(self, space, shape):
        c, h, w = shape
        head = dict(t.split("=") for t in space.setting("head") if "=" in t)
        out = (int(head["out"][1:]) * c if head["out"].startswith("x")
               else self.scaled(int(head["out"])))
        macs = c * out * h * w + out * h * w  # the 1x1 conv, then the pool
        features, fcs = out, [s for s in space.statements if s[0] == "fc"]
        for i, (_, tokens, _) in enumerate(fcs):
            width = int(tokens[0]) if i + 1 == len(fcs) else self.scaled(int(tokens[0]))
            macs += features * width
            features = width
        return macs


def check_latency(what, entry):
    latency = entry["latency_us"]
    if not (isinstance(latency, (int, float)) and math.isfinite(latency) and latency > 0):
        fail("%s: latency_us %r is not a positive number" % (what, latency))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    parser.add_argument("space")
    parser.add_argument("--resolution", type=int)
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--checks", type=int, default=0)
    args = parser.parse_args()
    with open(args.table) as f:
        table = json.load(f)
    space = mnv3_space.read_space(args.space)
    shapes = Shapes(space, args.resolution)

    expect("format", table["format"], "mnv3c latency table")
    expect("version", table["version"], 1)
    expect("unit", table["unit"], "us")
    expect("runs", table["runs"], args.runs)
    expect("rounds", table["rounds"], args.rounds)
    expect("input", table["input"], shapes.input)
    expect("space", table["space"], space.setting("model")[0])
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", table["measured"]):
        fail("measured: %r is not an ISO 8601 UTC time" % table["measured"])
    machine = table["machine"]
    expect("machine.threads", machine["threads"], args.threads)
    for key in ("cpu", "target", "mnv3c", "halide"):
        if not isinstance(machine[key], str) or not machine[key]:
            fail("machine.%s is empty" % key)

    # Walk the network: fixed runs and searchable rows, in order.
    fixed, stages = iter(table["fixed"]), iter(table["stages"])
    candidates = 0
    part = {"lines": [], "macs": shapes.stem_macs(), "input": shapes.input}
    part["lines"].append(next(s[2] for s in space.statements if s[0] == "stem"))
    shape = shapes.stem_out

    def close(part, output):
        entry = next(fixed, None)
        if entry is None:
            fail("a fixed part is missing (lines %s)" % part["lines"])
        what = "fixed part %s" % part["lines"]
        expect(what + " lines", entry["lines"], part["lines"])
        expect(what + " input", entry["input"], part["input"])
        expect(what + " output", entry["output"], output)
        expect(what + " macs", entry["macs"], part["macs"])
        check_latency(what, entry)

    for row in space.rows:
        if not row.searchable:
            part = part or {"lines": [], "macs": 0, "input": shape}
            shape, _, macs = shapes.block(row, shape, row.kernels[0],
                                          row.expansions[0], int(row.stride))
            part["lines"].append(row.line)
            part["macs"] += macs
            continue
        if part:
            close(part, shape)
        stage = next(stages, None)
        if stage is None:
            fail("no stage for the row on line %d" % row.line)
        what = "stage at line %d" % row.line
        expect(what + " line", stage["line"], row.line)
        expect(what + " stride", stage["stride"], int(row.stride))
        expect(what + " depths", stage["depths"], row.depths)
        expect(what + " kernels", stage["kernels"], row.kernels)
        expect(what + " expansions", stage["expansions"], row.expansions)
        positions = [("first", shape, int(row.stride))]
        first_output = shapes.block(row, shape, row.kernels[0], row.expansions[0],
                                    int(row.stride))[0]
        if max(row.depths) > 1:
            positions.append(("repeat", first_output, 1))
        elif stage["repeat"] is not None:
            fail(what + ": a repeated block, but no depth above 1 is offered")
        for name, position_input, stride in positions:
            position = stage[name]
            if position is None:
                fail("%s: no %s blocks" % (what, name))
            expect("%s %s input" % (what, name), position["input"], position_input)
            pairs = [(k, e) for k in row.kernels for e in row.expansions]
            expect("%s %s candidates" % (what, name),
                   [(c["kernel"], c["expansion"]) for c in position["candidates"]], pairs)
            for candidate in position["candidates"]:
                output, expanded, macs = shapes.block(
                    row, position_input, candidate["kernel"], candidate["expansion"], stride)
                label = "%s %s k%d %s" % (what, name, candidate["kernel"],
                                          candidate["expansion"])
                expect(label + " output", position["output"], output)
                expect(label + " expanded", candidate["expanded"], expanded)
                expect(label + " macs", candidate["macs"], macs)
                check_latency(label, candidate)
                candidates += 1
        shape = first_output
        part = None
    part = part or {"lines": [], "macs": 0, "input": shape}
    head_lines = [s[2] for s in space.statements
                  if s[0] in ("head", "pool", "fc", "dropout")]
    part["lines"] += head_lines
    part["macs"] += shapes.head_macs(space, shape)
    close(part, None)
    if next(fixed, None) is not None or next(stages, None) is not None:
        fail("the table has parts the space does not")
    expect("number of checks", len(table["checks"]), args.checks)
    for i, check in enumerate(table["checks"]):
        what = "check %d" % i
        if not isinstance(check["file"], str) or not check["file"]:
            fail(what + ": no file")
        if not isinstance(check["macs"], int) or check["macs"] <= 0:
            fail("%s: macs %r is not a positive integer" % (what, check["macs"]))
        check_latency(what, check)
        expect(what + " rounds", len(check["round_latencies_us"]), args.rounds)
        for latency in check["round_latencies_us"]:
            check_latency(what, {"latency_us": latency})
    print("check_table: %d fixed parts, %d stages, %d candidates, %d checks: shapes "
          "and MACs as the space implies, every latency positive"
          % (len(table["fixed"]), len(table["stages"]), candidates,
             len(table["checks"])))


if __name__ == "__main__":
    main()
