//===- Schedules.cpp - register tiles and MAC form per target family ------===//
//
// One row per target family, so that a schedule change for one family is
// one reviewable line. Tiles are (channel vectors x pixels) of
// accumulators kept in registers; chooseTile() shrinks them for small
// layers. The figures that chose them are in BENCHMARKS.md (x86: time;
// ARM: executed instructions under qemu, bench/armcount.py).
//
//  * laneInputs: a 1x1 tile loads 4 input channels of a pixel as one vector
//    and multiplies by its lanes (AArch64 FMLA by element), instead of one
//    broadcast load per input value: half the loads.
//  * fusedMultiplyAdd: multiply-accumulates are explicit fused calls
//    (MultiplyAdd.cpp). LLVM never fuses 32-bit NEON vector mul+add on its
//    own, and Halide 14 targets ARMv7s as a Swift core, whose slow VMLA
//    keeps LLVM from chaining them either.
//  * lanePwPx: 1x1 convolutions do 4 reduction steps per call, 4 input
//    channels of a pixel in one vector and VMLA by lane (ARMv7 has no fused
//    multiply-add by lane), in tiles of 1 vector x up to lanePwPx pixels.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

namespace mnv3::codegen {
namespace {

using T = Halide::Target;

bool hasAvx512(const T &t) {
  return t.has_feature(T::AVX512) || t.has_feature(T::AVX512_Skylake) ||
         t.has_feature(T::AVX512_Cannonlake) ||
         t.has_feature(T::AVX512_SapphireRapids);
}

struct Family {
  const char *name;
  bool (*matches)(const T &);
  int vec, pwVecs, pwPx, dwVecs, dwPx;
  bool laneInputs, fusedMultiplyAdd;
  int lanePwPx;
};

// First match wins.
const Family kFamilies[] = {
    // 32 zmm: 4x16 channels x 6 pixels = 24 accumulators; depthwise 1x8
    // (2x8 was equal fused, 57 % vs 68 % of peak standalone).
    {"x86-64 AVX-512", [](const T &t) { return t.arch == T::X86 && hasAvx512(t); },
     16, 4, 6, 1, 8, false, false, 0},
    // 16 ymm: 3x8 channels x 4 pixels = 12 accumulators.
    {"x86-64 AVX2", [](const T &t) { return t.arch == T::X86 && t.has_feature(T::AVX2); },
     8, 3, 4, 1, 8, false, false, 0},
    {"x86 SSE", [](const T &t) { return t.arch == T::X86; },
     4, 3, 4, 2, 4, false, false, 0},
    // 32 q: 4x4 channels x 5 pixels = 20 accumulators, 4 weight vectors,
    // 5 input vectors (4 channels each) in registers.
    {"AArch64", [](const T &t) { return t.arch == T::ARM && t.bits == 64; },
     4, 4, 5, 2, 4, true, false, 0},
    // 16 q: 4x4 channels x 2 pixels = 8 accumulators, 4 weights, 2 inputs
    // (3x4 spilled accumulators: 4.7 M stores for Small). 1x1: 4 channels x
    // 7 pixels = 7 accumulators, 4 weights, 7 inputs (2x4 spilled: Large
    // 128.7 M instructions, against 109.6 M for 1x7).
    {"ARMv7 NEON VFPv4", [](const T &t) { return t.arch == T::ARM && t.has_feature(T::ARMv7s); },
     4, 4, 2, 1, 8, false, true, 7},
    {"ARMv7 NEON", [](const T &t) { return t.arch == T::ARM; },
     4, 4, 2, 1, 8, false, false, 0},
};

} // namespace

Sched makeSched(const Halide::Target &t, int threads) {
  Sched s;
  s.target = t;
  s.threads = threads < 1 ? 1 : threads;
  for (const Family &f : kFamilies)
    if (f.matches(t)) {
      s.family = f.name;
      s.vec = f.vec, s.pwVecs = f.pwVecs, s.pwPx = f.pwPx;
      s.dwVecs = f.dwVecs, s.dwPx = f.dwPx;
      s.laneInputs = f.laneInputs;
      s.fusedMultiplyAdd = f.fusedMultiplyAdd;
      s.lanePwPx = f.lanePwPx;
      break;
    }
  return s;
}

} // namespace mnv3::codegen
