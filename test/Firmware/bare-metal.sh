#!/usr/bin/env bash
# A --freestanding library on bare metal, as far as Linux user mode allows:
# compiled for TARGET, linked with -nostdlib -static into Inputs/bare_main.c
# (its own _start, raw system calls, its own memcpy/memmove/memset) and run
# (under qemu-user for ARM); then the same library on a stack of exactly
# NAME_STACK_BYTES with a guard page (Inputs/stack_probe.c), the negative
# control on a stack far too small, and the report against the object.
#   bare-metal.sh TARGET SPEC WEIGHTS INPUT OUTPUT WORKDIR
# TARGET: host, aarch64 or armv7-neon. Needs mnv3c on PATH.
set -euo pipefail
target=$1 spec=$2 weights=$3 input=$4 output=$5 work=$6
here=$(cd "$(dirname "$0")" && pwd)
model=$(awk '$1 == "model" { print $2; exit }' "$spec")

case "$target" in
  host)       cc=(cc); size=size; run=() ;;
  aarch64)    cc=(aarch64-linux-gnu-gcc); size=aarch64-linux-gnu-size
              run=(qemu-aarch64 -L /usr/aarch64-linux-gnu) ;;
  armv7-neon) cc=(arm-linux-gnueabihf-gcc -marm); size=arm-linux-gnueabihf-size
              run=(qemu-arm -L /usr/arm-linux-gnueabihf) ;;
  *) echo "bare-metal.sh: unknown target $target" >&2; exit 2 ;;
esac

mkdir -p "$work"
mnv3c compile "$spec" --weights "$weights" --target "$target" --freestanding \
  --emit lib,header,obj -o "$work"

echo "undefined symbols of $model.a:"
nm -u "$work/$model.a" | awk 'NF == 2 { print "  " $2 }' | sort -u | tee "$work/undefined.txt"
if grep -vE '^  (memcpy|memmove|memset|__aeabi_[a-z0-9_]+)$' "$work/undefined.txt"; then
  echo "FAIL: the library needs more than memcpy/memmove/memset"; exit 1
fi

"${cc[@]}" -O2 -std=c99 -Wall -Werror -DMODEL="$model" -I "$work" -I "$here/Inputs" \
  -ffreestanding -fno-builtin -fno-stack-protector -fno-tree-loop-distribute-patterns \
  -nostdlib -static -o "$work/bare" "$here/Inputs/bare_main.c" "$work/$model.a" -lgcc
"${run[@]}" "$work/bare" "$input" "$output"

"${cc[@]}" -O2 -std=c99 -Wall -Werror -DMODEL="$model" -I "$work" -I "$here/Inputs" \
  -o "$work/stack_probe" "$here/Inputs/stack_probe.c" "$work/$model.a"
"${run[@]}" "$work/stack_probe" "$input"
# Negative control: a tenth of the bound must hit the guard page.
if "${run[@]}" "$work/stack_probe" "$input" 10 > "$work/small-stack.log" 2>&1; then
  echo "FAIL: NAME_run ran on a tenth of NAME_STACK_BYTES: the probe cannot fail"
  exit 1
fi
grep "hit the guard page" "$work/small-stack.log"

/usr/bin/python3 "$here/check_report.py" "$work/$model.report.json" \
  "$work/$model.o" "$work/$model.h" "$size"
