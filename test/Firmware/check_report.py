#!/usr/bin/python3
"""Checks NAME.report.json against the object file and the header.

    check_report.py REPORT.json OBJECT.o HEADER.h SIZE_TOOL

code_bytes against the executable sections SIZE_TOOL (binutils `size`, or
the target's cross `size`) lists, within 5 %; the per-layer code adds up;
scratch_bytes and stack_bytes equal the header's macros; weight_bytes is
within 1 % of the size of the weights section (embedded weights: the
section has alignment padding, and LLVM turns the few loads of the smallest
tensors that it fully unrolls into constants in the code). Prints what it
compared.
"""
import json
import re
import subprocess
import sys


def main():
    report_path, object_path, header_path, size_tool = sys.argv[1:5]
    report = json.load(open(report_path))
    lines = subprocess.run([size_tool, "-A", "-d", object_path], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    sections = {}
    for line in lines:
        fields = line.split()
        if len(fields) >= 2 and fields[0].startswith(".") and fields[1].isdigit():
            sections[fields[0]] = sections.get(fields[0], 0) + int(fields[1])
    text = sum(v for k, v in sections.items() if k.startswith(".text"))
    failures = []

    def expect(ok, what):
        print(("PASS " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    code = report["code_bytes"]
    expect(abs(code - text) <= 0.05 * text,
           "code_bytes %d vs %s's .text sections %d" % (code, size_tool, text))
    layers = sum(layer["code_bytes"] for layer in report["layers"])
    expect(layers + report["entry_point_code_bytes"] == code and layers > 0,
           "per-layer code %d + entry points %d = code_bytes"
           % (layers, report["entry_point_code_bytes"]))
    header = open(header_path).read()
    for field, macro in (("scratch_bytes", "SCRATCH_BYTES"),
                         ("stack_bytes", "STACK_BYTES")):
        m = re.search(r"#define \w+_%s (\d+)" % macro, header)
        expect(m is not None and int(m.group(1)) == report[field],
               "%s %d equals the header's _%s" % (field, report[field], macro))
    if report["weights"] == "embedded":
        section = sections.get(report["weights_section"], 0)
        expect(section == report["weights_section_bytes"] and
               abs(section - report["weight_bytes"]) <= 0.01 * report["weight_bytes"],
               "weights: %d bytes packed, section %s of %d bytes"
               % (report["weight_bytes"], report["weights_section"], section))
    print("%d checks, %d failed" % (5 if report["weights"] == "embedded" else 4,
                                     len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
