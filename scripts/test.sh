#!/usr/bin/env bash
# Runs every test (lit suites: IR, driver, numerics against torchvision,
# cross-arch under qemu) through ctest. Expects ./build from setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ninja -C build
# Two at a time: the machine has two cores and most tests wait on one.
ctest --test-dir build --output-on-failure --parallel 2 "$@"
