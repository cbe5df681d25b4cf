#!/bin/bash
# Emission checks on one case (default: an SE bneck between 1x1 convs):
#  * every emit kind is written; two runs give byte-identical files, and so
#    do two compiles in one process for .a/.o/.s/.h;
#  * nm -u NAME.a lists only libc/libpthread/libm (+libdl) symbols;
#  * NAME.h compiles as C99 (-Wall -Werror -pedantic) and as C++;
#  * NAME.cpp (Halide C backend) + NAME_runtime.o give PyTorch's numbers;
#  * --threads 2 is correct and spawns a thread, --threads 1 spawns none;
#  * an unknown target fails with the list of friendly names, and a weight
#    file of the wrong size with the layer and the expected size.
# usage: check_emit.sh MNV3_CODEGEN CASE_DIR WORK_DIR
set -eu
tool=$1 case=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
all=lib,header,obj,asm,cpp,stmt
"$tool" "$case/net.txt" -o "$work/a" -n net --emit $all > "$work/a.log"
"$tool" "$case/net.txt" -o "$work/b" -n net --emit $all > /dev/null
for f in net.a net.o net.s net.cpp net.h net_runtime.o; do
  test -s "$work/a/$f" || { echo "FAIL missing $f"; exit 1; }
  cmp "$work/a/$f" "$work/b/$f" || { echo "FAIL $f differs between runs"; exit 1; }
done
ls "$work"/a/*.stmt "$work"/a/*.html > /dev/null
echo "PASS emit kinds written, byte-identical across runs"
"$tool" "$case/net.txt" -o "$work/c" -n net --emit lib,header,obj,asm,cpp --check-repro > /dev/null
echo "PASS .a/.o/.s/.h byte-identical when compiled twice in one process"

bad=$(nm -u "$work/a/net.a" | awk 'NF==2{print $2}' | sort -u | grep -vxE \
  'abort|atoi|dlerror|dlopen|dlsym|fclose|fileno|fopen|free|fwrite|getenv|malloc|memcmp|memcpy|memmove|memset|pthread_[a-z_]+|sched_yield|strlen|strncpy|syscall|sysconf|usleep|write|(exp|log|pow|sqrt|sin|cos|tan|floor|ceil|round|trunc)f?' || true)
[ -z "$bad" ] || { echo "FAIL unexpected undefined symbols: $bad"; exit 1; }
echo "PASS nm -u: libc/libpthread/libm only"

printf '#include "net.h"\nint main(void) { return net_run(0, 0, 0) + net_INPUT_SIZE * 0 + net_OUTPUT_SIZE * 0 + net_SCRATCH_BYTES * 0; }\n' > "$work/h.c"
gcc -std=c99 -Wall -Werror -pedantic -I"$work/a" -c "$work/h.c" -o "$work/h.o"
g++ -x c++ -Wall -Werror -I"$work/a" -c "$work/h.c" -o "$work/hpp.o"
echo "PASS header compiles as C99 and C++"

# The C backend's vector code needs the target's ISA enabled in g++.
g++ -O2 -march=native -w -c "$work/a/net.cpp" -o "$work/net_cpp.o"
gcc -std=c99 -O2 -I"$work/a" "$here/run_case.c" "$work/net_cpp.o" \
  "$work/a/net_runtime.o" -lstdc++ -lpthread -ldl -lm -o "$work/run_cpp"
"$work/run_cpp" "$case"
gcc -std=c99 -O2 -I"$work/a" "$here/run_case.c" "$work/a/net.a" -lpthread -ldl -lm -o "$work/run_a"
"$work/run_a" "$case"

"$tool" "$case/net.txt" -o "$work/t2" -n net --threads 2 > /dev/null
gcc -std=c99 -O2 -I"$work/t2" "$here/run_case.c" "$work/t2/net.a" -lpthread -ldl -lm -o "$work/run_t2"
"$work/run_t2" "$case"
if command -v strace > /dev/null; then
  n1=$(strace -f -e trace=clone,clone3 "$work/run_a" "$case" 2>&1 | grep -c '^clone' || true)
  n2=$(strace -f -e trace=clone,clone3 "$work/run_t2" "$case" 2>&1 | grep -c '^clone' || true)
  [ "$n1" -eq 0 ] && [ "$n2" -ge 1 ] || { echo "FAIL clones: threads=1 -> $n1, threads=2 -> $n2"; exit 1; }
  echo "PASS threads=1 spawns no thread, threads=2 spawns $n2"
fi

if "$tool" "$case/net.txt" -o "$work/bad" -n net --target sparc-9000 2> "$work/bad.log"; then
  echo "FAIL unknown target accepted"; exit 1
fi
grep -q "expected one of: host, x86-64-avx512" "$work/bad.log" || { cat "$work/bad.log"; exit 1; }
echo "PASS unknown target rejected with the friendly names"

# A weight file of the wrong size is reported, not compiled.
mkdir -p "$work/badnet"
cp "$case"/*.bin "$work/badnet/"
awk 'NR==2{$NF="01_w.bin"} {print}' "$case/net.txt" > "$work/badnet/net.txt"
if "$tool" "$work/badnet/net.txt" -o "$work/badout" -n net 2> "$work/badnet.log"; then
  echo "FAIL wrong-size bias accepted"; exit 1
fi
grep -q "bias has .* floats, expected" "$work/badnet.log" || { cat "$work/badnet.log"; exit 1; }
echo "PASS wrong-size weights rejected: $(cat "$work/badnet.log")"
echo "8 passed, 0 failed"
