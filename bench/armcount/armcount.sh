#!/usr/bin/env bash
# armcount.sh - count the instructions an AArch64 or ARMv7 Linux program
# executes under qemu-user, by class, with the armcount plugin beside this
# script. See README.md in this folder.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir=${ARMCOUNT_BUILD_DIR:-${TMPDIR:-/tmp}/mnv3c-armcount}

usage() {
  cat <<'EOF'
usage: armcount.sh [options] -- PROGRAM [ARG...]
       armcount.sh [options] --diff -- "COMMAND A" "COMMAND B"
Runs PROGRAM under qemu-aarch64 or qemu-arm with the armcount plugin and
prints instruction counts by class on stdout (the program's own output goes
to stderr). --diff runs two commands and prints A minus B: one inference is
a program doing 2 inferences minus the same doing 1, so start-up cancels.
options:
  -a aarch64|armv7  guest architecture (default: read from the ELF header)
  -t N              also list the N functions with most instructions
                    (symbols come from the ELF: link the program -static)
  -o FILE           also keep the plugin's raw report (of A with --diff)
  -h, --help        this text
The plugin is built into $ARMCOUNT_BUILD_DIR (default ${TMPDIR:-/tmp}/mnv3c-armcount).
EOF
}

die() { echo "armcount.sh: $*" >&2; exit 2; }

arch='' top=0 raw_copy='' diff=0
while [ $# -gt 0 ]; do
  case $1 in
    -a) arch=${2:?}; shift 2 ;;
    -t) top=${2:?}; shift 2 ;;
    -o) raw_copy=${2:?}; shift 2 ;;
    --diff) diff=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { usage >&2; exit 2; }
if [ "$diff" = 1 ] && [ $# -ne 2 ]; then die "--diff takes two commands"; fi

# Builds the plugin when it is missing or older than a source file; the
# rename makes concurrent first runs safe.
build_plugin() {
  local so=$build_dir/armcount.so newer
  mkdir -p "$build_dir"
  newer=$(find "$here" -name '*.[ch]' -newer "$so" 2>/dev/null | head -1)
  if [ -f "$so" ] && [ -z "$newer" ]; then echo "$so"; return; fi
  gcc -O2 -std=gnu11 -Wall -Wextra -shared -fPIC -o "$so.$$" \
    "$here"/*.c -lpthread >&2
  mv -f "$so.$$" "$so"
  echo "$so"
}

elf_arch() {
  case $(readelf -h "$1" 2>/dev/null | sed -n 's/^ *Machine: *//p') in
    AArch64) echo aarch64 ;;
    ARM) echo armv7 ;;
    *) die "cannot tell the architecture of $1: use -a" ;;
  esac
}

# Function symbols and ARM/Thumb mapping symbols, in symbol_map.h's format.
write_symbol_map() {
  readelf -sW "$1" 2>/dev/null | awk '
    $4 == "FUNC" && $8 != "" { printf "F %s %d %s\n", $2, $3, $8 }
    $4 == "NOTYPE" && $8 ~ /^\$[atdx](\.|$)/ { printf "M %s %s\n", $2, substr($8, 2, 1) }'
}

# count OUT COMMAND...: runs one command under the plugin, report to OUT.
count() {
  local out=$1; shift
  local program; program=$(command -v "$1") || die "no program $1"
  local guest=${arch:-$(elf_arch "$program")}
  local map=$work/symbols.$RANDOM
  write_symbol_map "$program" >"$map"
  local functions=all qemu
  [ "$top" != 0 ] || functions=0
  case $guest in
    aarch64) qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu) ;;
    armv7|arm) qemu=(qemu-arm -L /usr/arm-linux-gnueabihf) ;;
    *) die "unknown architecture $guest" ;;
  esac
  "${qemu[@]}" -plugin "$plugin,out=$out,syms=$map,top=$functions" \
    "$program" "${@:2}" >&2 || die "$* exited with status $?"
  [ -s "$out" ] || die "the plugin wrote no report for $*"
}

# Subtracts report B from report A, key by key and function by function
# (functions of the same name are added up first).
subtract() {
  awk '
    $1 == "arch" { if (FNR != NR) print; next }
    $1 == "fn" { sign = FNR == NR ? -1 : 1; names[$7] = 1
                 for (i = 2; i <= 6; i++) fn[$7, i] += sign * $i; next }
    FNR == NR { b[$1] = $2; next }
    { print $1, $2 - b[$1] }
    END { for (name in names)
            print "fn", fn[name, 2], fn[name, 3], fn[name, 4], fn[name, 5], fn[name, 6], name }' "$2" "$1"
}

# Prints a report for people: shares of the total, the top functions.
present() {
  awk -v top="$top" '
    $1 == "fn" { if ($2 != 0) fn[++n] = $0; next }
    { key[++k] = $1; value[$1] = $2 }
    END {
      for (i = 1; i <= k; i++) {
        if (key[i] == "arch") { printf "%-11s %s\n", "arch", value["arch"]; continue }
        printf "%-11s %14d", key[i], value[key[i]]
        if (key[i] ~ /^(fma_vec|fma_scalar|simd_other|load|store|other)$/ && value["total"])
          printf "  %5.1f%%", 100 * value[key[i]] / value["total"]
        printf "\n"
      }
      if (top > 0 && n > 0) {
        printf "\n%14s %12s %12s %12s %12s  %s\n", "total", "fma_vec", "fma_lanes", "load", "store", "function"
        fflush()
        cmd = "sort -k2,2nr | head -n " top
        for (i = 1; i <= n; i++) print fn[i] | cmd
        close(cmd)
      }
    }' "$1" | awk '$1 == "fn" { printf "%14d %12d %12d %12d %12d  %s\n", $2, $3, $4, $5, $6, $7; next } { print }'
}

plugin=$(build_plugin)
work=$(mktemp -d "${TMPDIR:-/tmp}/armcount.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ "$diff" = 1 ]; then
  read -r -a command_a <<<"$1"
  read -r -a command_b <<<"$2"
  count "$work/a" "${command_a[@]}"
  count "$work/b" "${command_b[@]}"
  subtract "$work/a" "$work/b" >"$work/report"
  [ -z "$raw_copy" ] || cp "$work/a" "$raw_copy"
else
  count "$work/report" "$@"
  [ -z "$raw_copy" ] || cp "$work/report" "$raw_copy"
fi
present "$work/report"
