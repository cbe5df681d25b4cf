# Initial cache of the checked build (docs/testing.md): the whole project
# under ASan + UBSan with libFuzzer coverage, plus the fuzzers. Compilers
# must be chosen before project(), hence a -C file rather than options:
#   cmake -G Ninja -C test/fuzz/checked-build.cmake -S . -B build-sanitize
set(CMAKE_BUILD_TYPE Release CACHE STRING "")
set(CMAKE_C_COMPILER clang-19 CACHE FILEPATH "")
set(CMAKE_CXX_COMPILER clang++-19 CACHE FILEPATH "")
set(MLIR_DIR /usr/lib/llvm-19/lib/cmake/mlir CACHE PATH "")
set(LLVM_EXTERNAL_LIT /usr/lib/llvm-19/build/utils/lit/lit.py CACHE FILEPATH "")
set(MNV3_SANITIZE address,undefined CACHE STRING "")
set(MNV3_FUZZ ON CACHE BOOL "")
