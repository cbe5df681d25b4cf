#!/usr/bin/env bash
# run.sh - checks armcount's classifiers on every instruction in a64.s,
# a32.s and t32.s: assembles them with the cross assemblers, reads the
# encodings back with objdump and compares each class with its comment.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/armcount-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

gcc -O1 -std=gnu11 -Wall -Wextra -o "$work/check" "$here/classify_check.c" \
  "$here"/../classify_*.c "$here/../tally.c"

# cases ISA PREFIX FILE: one "ISA HEX EXPECTED # SOURCE" line per instruction.
cases() {
  local isa=$1 prefix=$2 source=$3
  "$prefix-as" -o "$work/$isa.o" "$source"
  # objdump lists the instructions in source order; one hex group is a
  # 32-bit word or a 16-bit Thumb halfword, two groups a 32-bit Thumb one
  "$prefix-objdump" -d "$work/$isa.o" |
    awk -F'\t' '/^ *[0-9a-f]+:\t/ { gsub(/ /, "", $2); print $2 }' >"$work/$isa.hex"
  # "EXPECTED # SOURCE" from each "SOURCE  @ expect EXPECTED" line
  sed -nE 's%^ *(.*[^ ]) +(//|@) *expect (.*)$%\3 # \1%p' "$source" >"$work/$isa.expect"
  if [ "$(wc -l <"$work/$isa.hex")" != "$(wc -l <"$work/$isa.expect")" ]; then
    echo "$source: objdump shows a different number of instructions" >&2
    exit 1
  fi
  paste -d' ' "$work/$isa.hex" "$work/$isa.expect" | sed "s/^/$isa /"
}

{
  cases a64 aarch64-linux-gnu "$here/a64.s"
  cases a32 arm-linux-gnueabihf "$here/a32.s"
  cases t32 arm-linux-gnueabihf "$here/t32.s"
} | "$work/check"
