"""Just enough of the protobuf wire format to edit an ONNX model the way the
bad-input tests need (no onnx or protobuf package exists for the oracle
interpreter). A message is a list of [field, wire type, value] entries in
file order: value is an int (varint), bytes (length-delimited: strings,
sub-messages, packed arrays) or raw 4/8 bytes (fixed32/fixed64).

Field numbers, from onnx.proto:
  ModelProto 7 graph, 8 opset_import (OperatorSetIdProto: 1 domain,
             2 version)
  GraphProto 1 node, 5 initializer, 11 input, 12 output
  NodeProto 1 input, 2 output, 3 name, 4 op_type, 5 attribute, 7 domain
  AttributeProto 1 name, 2 f, 3 i, 4 s, 8 ints, 20 type (1 FLOAT, 2 INT,
                 3 STRING, 7 INTS)
  TensorProto 1 dims, 2 data_type, 8 name, 9 raw_data, 13 external_data,
              14 data_location; StringStringEntryProto 1 key, 2 value
  ValueInfoProto 1 name, 2 type; TypeProto 1 tensor_type (1 elem_type,
                 2 shape: 1 dim, each 1 dim_value)
"""

import struct

VARINT, FIXED64, BYTES, FIXED32 = 0, 1, 2, 5


def _varint(data, pos):
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def _encode_varint(value):
    value &= (1 << 64) - 1  # negative int64s are ten-byte varints
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode(data):
    """bytes -> [[field, wire type, value], ...]"""
    entries, pos = [], 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == VARINT:
            value, pos = _varint(data, pos)
        elif wire == BYTES:
            size, pos = _varint(data, pos)
            value, pos = data[pos:pos + size], pos + size
        elif wire in (FIXED32, FIXED64):
            size = 4 if wire == FIXED32 else 8
            value, pos = data[pos:pos + size], pos + size
        else:
            raise ValueError("wire type %d" % wire)
        entries.append([field, wire, value])
    return entries


def encode(entries):
    out = bytearray()
    for field, wire, value in entries:
        out += _encode_varint(field << 3 | wire)
        if wire == VARINT:
            out += _encode_varint(value)
        elif wire == BYTES:
            out += _encode_varint(len(value)) + value
        else:
            out += value
    return bytes(out)


def string(entries, field):
    """The first string field `field` of a message, or ""."""
    for f, _, value in entries:
        if f == field:
            return value.decode()
    return ""


def edit(path, change):
    """Rewrites the ONNX model at `path`: change(graph entries) edits the
    decoded GraphProto in place."""
    with open(path, "rb") as f:
        model = decode(f.read())
    for entry in model:
        if entry[0] == 7:
            graph = decode(entry[2])
            change(graph)
            entry[2] = encode(graph)
    with open(path, "wb") as f:
        f.write(encode(model))


def edit_messages(graph, field, match, change):
    """Applies change(entries) to each sub-message `field` of `graph` (1:
    nodes, 5: initializers) for which match(entries) holds; returns how many."""
    count = 0
    for entry in graph:
        if entry[0] == field:
            message = decode(entry[2])
            if match(message):
                change(message)
                entry[2] = encode(message)
                count += 1
    return count


def set_attribute(node, name, wire_field, value):
    """Sets attribute `name` of a decoded node: a float (field 2), or a list
    of ints (field 8, packed)."""
    for entry in node:
        if entry[0] == 5:
            attribute = decode(entry[2])
            if string(attribute, 1) != name:
                continue
            attribute = [e for e in attribute if e[0] != wire_field]
            if wire_field == 2:
                attribute.append([2, FIXED32, struct.pack("<f", value)])
            else:
                packed = b"".join(_encode_varint(v) for v in value)
                attribute.append([8, BYTES, packed])
            entry[2] = encode(attribute)
            return
    raise KeyError(name)


def add_attribute(node, name, value):
    """Appends attribute `name` to a decoded node: an INT for an int, a
    STRING for a str."""
    if isinstance(value, str):
        attribute = [[1, BYTES, name.encode()], [4, BYTES, value.encode()],
                     [20, VARINT, 3]]
    else:
        attribute = [[1, BYTES, name.encode()], [3, VARINT, value],
                     [20, VARINT, 2]]
    node.append([5, BYTES, encode(attribute)])
