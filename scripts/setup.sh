#!/usr/bin/env bash
# Sets up a Debian 12 machine for mnv3c and builds it into ./build.
# Installs (with apt) only the packages that are missing, then configures
# with CMake + Ninja against Debian's MLIR 19 and Halide 14, then builds.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ git
  # the compiler: MLIR/LLVM 19 (frontend, passes) and Halide 14 (code generation)
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools libhalide14-0-dev
  libfmt-dev libzstd-dev libedit-dev libncurses-dev zlib1g-dev
  # ONNX import: ONNX's generated protobuf classes and protobuf itself
  libonnx-dev libprotobuf-dev
  # llvm-as-14: runtime/Arm32FusedMultiplyAdd.ll as bitcode for Halide's LLVM
  llvm-14
  # the numerics oracle: torch + torchvision under /usr/bin/python3
  python3 python3-torch python3-torchvision python3-numpy
  # cross-compiling generated code and running it under qemu
  g++-aarch64-linux-gnu g++-arm-linux-gnueabihf qemu-user binutils
  # the installed package's pkg-config file (test/Install)
  pkg-config
  # the checked build (scripts/test.sh): ASan + UBSan and libFuzzer
  clang-19 libclang-rt-19-dev
  # the XNNPACK peer of bench/compare.py
  libxnnpack-dev libpthreadpool-dev
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 \
    install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -G Ninja -S . -B build \
  -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
  -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
ninja -C build
