#!/bin/bash
# Compile every case in CASES_DIR with mnv3-codegen, link the emitted .a
# into run_case.c and compare against PyTorch's output.
# usage: run_cases.sh MNV3_CODEGEN CASES_DIR WORK_DIR [TARGET]
# env: CC (default cc), RUN (prefix, e.g. "qemu-aarch64 -L /usr/aarch64-linux-gnu"),
#      TOL (default 1e-4), THREADS (default 1), ONLY (substring filter)
set -u
tool=$1 cases=$2 work=$3 target=${4:-host}
here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}
pass=0 fail=0
mkdir -p "$work"
for name in $(cat "$cases/cases.txt"); do
  [[ -n "${ONLY:-}" && "$name" != *"$ONLY"* ]] && continue
  out="$work/$name"
  mkdir -p "$out"
  if ! "$tool" "$cases/$name/net.txt" -o "$out" -n net --target "$target" \
      --threads "${THREADS:-1}" > "$out/compile.log" 2>&1; then
    echo "FAIL $name: mnv3-codegen failed"; sed 's/^/    /' "$out/compile.log" | tail -5
    fail=$((fail+1)); continue
  fi
  if ! $cc -std=c99 -O2 -Wall -Werror -I"$out" "$here/run_case.c" "$out/net.a" \
      -lpthread -lm -o "$out/run_case" > "$out/link.log" 2>&1; then
    echo "FAIL $name: link failed"; tail -5 "$out/link.log"
    fail=$((fail+1)); continue
  fi
  if ${RUN:-} "$out/run_case" "$cases/$name" "${TOL:-1e-4}"; then
    pass=$((pass+1))
  else
    fail=$((fail+1))
  fi
done
echo "$pass passed, $fail failed"
# A filter that selects nothing is a broken test, not a pass.
[ $((pass + fail)) -gt 0 ] || { echo "no case selected${ONLY:+ by ONLY=$ONLY}"; exit 1; }
[ "$fail" -eq 0 ]
