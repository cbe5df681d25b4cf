#!/usr/bin/python3
"""Writes one malformed .safetensors file per class of error the reader must
reject, plus well-formed files, into OUTDIR (for the lit tests next to it).

    make_bad_files.py OUTDIR

Plain Python 3, no numpy or torch: the format is written by hand.
"""

import json
import os
import struct
import sys


def pack(header, data=b"", length=None, pad=True):
    """header: a dict (serialised with json) or raw str/bytes (written as is).
    length: overrides the u64 header length. pad: pad a dict header with
    spaces to a multiple of 8 bytes, as the reference writer does."""
    if isinstance(header, dict):
        text = json.dumps(header, separators=(",", ":")).encode()
        if pad:
            text += b" " * (-len(text) % 8)
    elif isinstance(header, str):
        text = header.encode()
    else:
        text = header
    n = len(text) if length is None else length
    return struct.pack("<Q", n) + text + data


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


def f16(*values):
    return struct.pack("<%de" % len(values), *values)


def entry(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


def one(dtype="F32", shape=(2,), offsets=(0, 8), **extra):
    """A header with one tensor "t" (fields overridable, or removable by
    passing None)."""
    e = {"dtype": dtype, "shape": list(shape) if isinstance(shape, tuple) else shape,
         "data_offsets": list(offsets) if isinstance(offsets, tuple) else offsets}
    e = {k: v for k, v in e.items() if v is not None}
    e.update(extra)
    return {"t": e}


TWO = f32(1.0, 2.0)

BAD = {
    # The length prefix.
    "too-short": b"\x10\x00\x00\x00\x00",
    "header-past-eof": pack('{"t":{}}', length=1000),
    "header-huge": pack('{"t":{}}', length=1 << 62),
    "header-empty": pack(b""),
    # The JSON text.
    "json-syntax": pack('{"t": {"dtype": "F32" "shape": [2]}}', TWO),
    "json-truncated": pack('{"t": {"dtype": "F32", "shape": [2], "data_of', TWO),
    "json-utf8": pack(b'{"t\xff": {}}'),
    "json-deep": pack("[" * 1000000 + "]" * 1000000),
    "top-array": pack("[1, 2, 3]"),
    "top-string": pack('"F32"'),
    # Keys.
    "duplicate-name": pack('{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                           '"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
                           TWO),
    "duplicate-field": pack('{"t":{"dtype":"F32","shape":[2],"dtype":"F16",'
                            '"data_offsets":[0,8]}}', TWO),
    "empty-name": pack({"": entry("F32", [2], 0, 8)}, TWO),
    # Entry structure and JSON types.
    "entry-not-object": pack({"t": [0, 8]}, TWO),
    "missing-dtype": pack(one(dtype=None), TWO),
    "missing-shape": pack(one(shape=None), TWO),
    "missing-offsets": pack(one(offsets=None), TWO),
    "dtype-not-string": pack(one(dtype=32), TWO),
    "shape-not-array": pack(one(shape="2"), TWO),
    "shape-elem-string": pack(one(shape=["2"]), TWO),
    "offsets-not-array": pack(one(offsets="0:8"), TWO),
    "offsets-elem-null": pack(one(offsets=[0, None]), TWO),
    # Shapes.
    "dim-negative": pack(one(shape=[-2], offsets=[0, 8]), TWO),
    "dim-fraction": pack('{"t":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}', TWO),
    "dim-integral-float": pack('{"t":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}', TWO),
    "dim-exponent": pack('{"t":{"dtype":"F32","shape":[2e0],"data_offsets":[0,8]}}', TWO),
    "dim-too-large": pack('{"t":{"dtype":"F32","shape":[99999999999999999999],'
                          '"data_offsets":[0,8]}}', TWO),
    "dims-overflow": pack(one(shape=[1 << 32, 1 << 32, 4], offsets=[0, 8]), TWO),
    "bytes-overflow": pack(one(shape=[1 << 62], offsets=[0, 8]), TWO),
    "dims-overflow-then-zero": pack(one(shape=[1 << 40, 1 << 40, 0], offsets=[0, 0]), TWO),
    # Dtypes.
    "unknown-dtype": pack(one(dtype="F33"), TWO),
    "lowercase-dtype": pack(one(dtype="f32"), TWO),
    # data_offsets.
    "offsets-three": pack(one(offsets=[0, 4, 8]), TWO),
    "offsets-one": pack(one(offsets=[8]), TWO),
    "offsets-reversed": pack(one(offsets=[8, 0]), TWO),
    "offsets-negative": pack(one(offsets=[-8, 0]), TWO),
    "offsets-fraction": pack('{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8.0]}}', TWO),
    "offsets-past-data": pack(one(offsets=[0, 8]), f32(1.0)),
    "offsets-huge": pack(one(offsets=[0, (1 << 64) - 1]), TWO),
    "size-mismatch": pack(one(shape=[3], offsets=[0, 8]), f32(1, 2, 3)),
    "size-mismatch-f16": pack(one(dtype="F16", shape=[2], offsets=[0, 8]), TWO),
    "overlap": pack({"a": entry("F32", [2], 0, 8), "b": entry("F32", [2], 4, 12)},
                    f32(1, 2, 3)),
    "overlap-equal": pack({"a": entry("F32", [1], 0, 4), "b": entry("F32", [1], 0, 4)},
                         f32(1)),
    "overlap-inside": pack({"a": entry("F32", [4], 0, 16), "b": entry("F32", [1], 12, 16),
                            "c": entry("F32", [1], 4, 8)}, f32(1, 2, 3, 4)),
    # The tensors must cover the data section exactly.
    "gap": pack({"a": entry("F32", [1], 0, 4), "b": entry("F32", [1], 8, 12)},
                f32(1, 2, 3)),
    "gap-first": pack({"a": entry("F32", [1], 4, 8)}, f32(1, 2)),
    "trailing": pack(one(), TWO + b"tail"),
    "data-without-tensors": pack({"__metadata__": {"a": "1"}}, TWO),
    # Metadata.
    "metadata-not-object": pack({"__metadata__": ["a"], "t": entry("F32", [2], 0, 8)}, TWO),
    "metadata-number": pack({"__metadata__": {"eps": 0.001}, "t": entry("F32", [2], 0, 8)}, TWO),
    "metadata-duplicate": pack('{"__metadata__":{"a":"1"},"__metadata__":{"a":"2"}}'),
    # Names are quoted and escaped in messages, so a message stays one line.
    "name-newline": pack({"bad\nname": entry("F32", [2], 0, 8)}, f32(1.0)),
}

# Well-formed files.
GOOD = {
    # Two tensors, written out of offset order in the header, metadata,
    # padding spaces after the JSON.
    "good-f32": pack({
        "__metadata__": {"format": "pt", "source": "make_bad_files.py"},
        "b": entry("F32", [3], 24, 36),
        "a": entry("F32", [2, 3], 0, 24),
    }, f32(0.5, -1.25, 3.0, 1e-8, -0.0, 65504.0) + f32(1.0, 2.0, 3.0)),
    # F16 values with exact f32 images, including a subnormal (2^-24), the
    # largest half (65504), infinity and -0.
    "good-f16": pack({
        "h": entry("F16", [2, 4], 0, 16),
    }, f16(0.5, -1.25, 3.0, 2.0 ** -24, -0.0, 65504.0, float("inf"), 0.333251953125)),
    # BF16 is the top half of an f32: 1.0 = 0x3f80, -2.5 = 0xc020, 0.15625 = 0x3e20.
    "good-bf16": pack({"g": entry("BF16", [3], 0, 6)},
                      struct.pack("<3H", 0x3f80, 0xc020, 0x3e20)),
    # A scalar, a zero-element tensor sitting inside another's range, an
    # I64, extra keys; the ranges tile the data section.
    "good-mixed": pack({
        "x": entry("F32", [1], 0, 4),
        "scalar": entry("F32", [], 4, 8),
        "empty": {"dtype": "F32", "shape": [0, 3], "data_offsets": [6, 6],
                  "comment": "extra keys are ignored"},
        "n": entry("I64", [], 8, 16),
    }, f32(7.0, 6.0) + struct.pack("<q", -3)),
    # No tensors at all (and no metadata).
    "good-empty": pack({}),
}


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: make_bad_files.py OUTDIR")
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    for name, blob in list(BAD.items()) + list(GOOD.items()):
        with open(os.path.join(out, name + ".safetensors"), "wb") as f:
            f.write(blob)


if __name__ == "__main__":
    main(sys.argv)
