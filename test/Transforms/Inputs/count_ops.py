#!/usr/bin/python3
"""Counts the ops of printed mnv3 IR by kind and by where they sit, so a
FileCheck test can pin the exact shape of a whole network:

    mnv3c import MODEL --passes=... | count_ops.py | FileCheck

For each function it prints, sorted by op name,
    top <op> <count>       ops directly in the function body
    in <parent> <op> <count>   ops inside a region of <parent> (e.g. mnv3.bneck)
Nesting is read from the printer's braces: an op line ending in "{" opens a
region, a line starting with "}" closes it. The file metadata section
({-# ... #-}) is ignored. Standard library only.
"""

import collections
import re
import sys

OP = re.compile(r'^(?:%[^=]+= )?"?([a-z_][a-z0-9_]*\.[a-z0-9_.]+)"?')
FUNC = re.compile(r'^func\.func (?:private )?@([\w.$-]+)')


def census(lines):
    """{function: Counter{(where, op): count}} of printed IR lines."""
    counts = collections.OrderedDict()
    stack = []  # open regions: the op that owns each
    function = None
    for raw in lines:
        line = raw.strip()
        if line.startswith("{-#"):
            break
        if line.startswith("}"):
            if stack:
                stack.pop()
            continue
        match = FUNC.match(line)
        if match:
            function = match.group(1)
            counts[function] = collections.Counter()
            stack.append("func.func")
            continue
        match = OP.match(line)
        if match and function is not None and stack:
            op = match.group(1)
            parent = stack[-1]
            where = "top" if parent == "func.func" else "in " + parent
            counts[function][(where, op)] += 1
        if line.endswith("{") and not line.startswith("module"):
            stack.append(match.group(1) if match else "?")
    return counts


def main():
    for function, counter in census(sys.stdin).items():
        print("@%s" % function)
        for (where, op), n in sorted(counter.items(),
                                     key=lambda kv: (kv[0][0] != "top", kv[0])):
            print("%s %s %d" % (where, op, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
