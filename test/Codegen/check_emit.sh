#!/bin/bash
# Emission checks on one case (default: an SE bneck between 1x1 convs):
#  * every emit kind is written; two runs give byte-identical files, and so
#    do two compiles in one process for .a/.o/.s/.h;
#  * nm -u NAME.a lists only memcpy/memmove/memset (single-threaded);
#  * NAME.h compiles as C99 (-Wall -Werror -pedantic) and as C++;
#  * NAME.cpp (Halide C backend) gives PyTorch's numbers without any
#    runtime object;
#  * --threads 2 is correct and spawns a thread, --threads 1 spawns none;
#  * an unknown target fails with the list of friendly names, and a weight
#    file of the wrong size with the layer and the expected size.
# Each check prints PASS/FAIL; the last line counts them and the script
# fails unless every check ran and passed.
# usage: check_emit.sh MNV3_CODEGEN CASE_DIR WORK_DIR
set -u
tool=$1 case=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
passed=0 failed=0
expected=9
check() { # check NAME COMMAND...: runs the command, counts the result
  local name=$1; shift
  if "$@" > "$work/check.log" 2>&1; then
    passed=$((passed + 1)); echo "PASS $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/    /' "$work/check.log" | tail -20
  fi
}

emit_kinds() {
  local all=lib,header,obj,asm,cpp,stmt
  "$tool" "$case/net.txt" -o "$work/a" -n net --emit $all > "$work/a.log" &&
  "$tool" "$case/net.txt" -o "$work/b" -n net --emit $all > /dev/null || return 1
  for f in net.a net.o net.s net.cpp net.h net.report.json; do
    test -s "$work/a/$f" || { echo "missing $f"; return 1; }
    cmp "$work/a/$f" "$work/b/$f" || { echo "$f differs between runs"; return 1; }
  done
  ls "$work"/a/*.stmt "$work"/a/*.html > /dev/null
}
check "emit kinds written, byte-identical across runs" emit_kinds

check ".a/.o/.s/.h byte-identical when compiled twice in one process" \
  "$tool" "$case/net.txt" -o "$work/c" -n net --emit lib,header,obj,asm,cpp --check-repro

only_memory_functions() {
  local bad
  bad=$(nm -u "$work/a/net.a" | awk 'NF==2{print $2}' | sort -u | grep -vxE 'memcpy|memmove|memset')
  [ -z "$bad" ] || { echo "unexpected undefined symbols: $bad"; return 1; }
}
check "nm -u: memcpy/memmove/memset only" only_memory_functions

header_compiles() {
  printf '#include "net.h"\nint main(void) { static float in[net_INPUT_SIZE], out[net_OUTPUT_SIZE]; static char s[net_SCRATCH_BYTES]; return net_run(in, out, s) + net_release() + (net_error_string(net_OK)[0] == 0); }\n' > "$work/h.c"
  gcc -std=c99 -Wall -Werror -pedantic -I"$work/a" -c "$work/h.c" -o "$work/h.o" &&
  g++ -x c++ -Wall -Werror -I"$work/a" -c "$work/h.c" -o "$work/hpp.o"
}
check "header compiles as C99 and C++" header_compiles

c_backend_matches() {
  # The C backend's vector code needs the target's ISA enabled in g++.
  g++ -O2 -march=native -w -c "$work/a/net.cpp" -o "$work/net_cpp.o" &&
  gcc -std=c99 -O2 -I"$work/a" "$here/run_case.c" "$work/net_cpp.o" -lm -o "$work/run_cpp" &&
  "$work/run_cpp" "$case"
}
check "C backend (no runtime object) matches PyTorch" c_backend_matches

library_matches() {
  gcc -std=c99 -O2 -I"$work/a" "$here/run_case.c" "$work/a/net.a" -lm -o "$work/run_a" &&
  "$work/run_a" "$case"
}
check "library matches PyTorch" library_matches

threads() {
  "$tool" "$case/net.txt" -o "$work/t2" -n net --threads 2 > /dev/null &&
  gcc -std=c99 -O2 -I"$work/t2" "$here/run_case.c" "$work/t2/net.a" -lpthread -ldl -lm -o "$work/run_t2" &&
  "$work/run_t2" "$case" || return 1
  command -v strace > /dev/null || { echo "strace missing"; return 1; }
  local n1 n2
  n1=$(strace -f -e trace=clone,clone3 "$work/run_a" "$case" 2>&1 | grep -c '^clone' || true)
  n2=$(strace -f -e trace=clone,clone3 "$work/run_t2" "$case" 2>&1 | grep -c '^clone' || true)
  echo "clones: threads=1 -> $n1, threads=2 -> $n2"
  [ "$n1" -eq 0 ] && [ "$n2" -ge 1 ]
}
check "threads=2 correct and spawns threads, threads=1 spawns none" threads

unknown_target() {
  if "$tool" "$case/net.txt" -o "$work/bad" -n net --target sparc-9000 2> "$work/bad.log"; then
    echo "unknown target accepted"; return 1
  fi
  grep "expected one of: host, x86-64-avx512" "$work/bad.log"
}
check "unknown target rejected with the friendly names" unknown_target

wrong_size_weights() {
  mkdir -p "$work/badnet"
  cp "$case"/*.bin "$work/badnet/"
  awk 'NR==2{$NF="01_w.bin"} {print}' "$case/net.txt" > "$work/badnet/net.txt"
  if "$tool" "$work/badnet/net.txt" -o "$work/badout" -n net 2> "$work/badnet.log"; then
    echo "wrong-size bias accepted"; return 1
  fi
  grep "bias has .* floats, expected" "$work/badnet.log"
}
check "wrong-size weights rejected" wrong_size_weights

echo "$passed passed, $failed failed (of $expected)"
[ "$failed" -eq 0 ] && [ "$passed" -eq "$expected" ]
