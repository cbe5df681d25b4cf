//===- Activations.cpp - activation functions as Halide expressions -------===//
//
// Two properties matter besides speed:
//  * NaN in means NaN out, as in PyTorch: a corrupted frame must not turn
//    into a confident prediction. x86's maxps/minps return their second
//    operand when one is NaN, and Halide's simplifier may reorder max/min
//    operands, so the bounds are written as selects on "is below"/"is
//    above", which are false for NaN and let it through.
//  * No libm: exp is computed here (a freestanding library has no expf),
//    vectorisable, accurate to about 1 ulp, with exp(+inf) = inf,
//    exp(-inf) = 0 and exp(NaN) = NaN.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <limits>

using namespace Halide;

namespace mnv3::codegen {
namespace {

Expr atLeast(Expr v, float lo) { return strict_float(select(v < lo, lo, v)); }
Expr atMost(Expr v, float hi) { return strict_float(select(v > hi, hi, v)); }

/// 2^k for an integer k in [-254, 254], as the product of two floats built
/// from their exponent fields (one alone only reaches [-126, 127]).
Expr powerOfTwo(Expr k) {
  Expr half = k >> 1;
  return reinterpret<float>((half + 127) << 23) *
         reinterpret<float>((k - half + 127) << 23);
}

/// e^x: x = k ln2 + r with |r| <= ln2/2, e^r by its Taylor polynomial of
/// degree 7 (truncation error below 6e-9 relative), times 2^k.
Expr exponential(Expr x) {
  const float log2e = 1.44269504088896341f;
  // ln2 split in two so that k * ln2 is exact in its first part.
  const float ln2hi = 0.693145751953125f, ln2lo = 1.428606765330187e-06f;
  // k = round(x log2 e), on a clamped copy so that the conversion to int is
  // always defined (NaN and infinities are handled at the end). No floor():
  // ARMv7 NEON has no vector rounding and would call libm's floorf.
  Expr t = clamp(x * log2e, -130.f, 130.f);
  Expr ki = cast<int>(t + select(t < 0.f, -0.5f, 0.5f));
  Expr k = cast<float>(ki);
  Expr r = (x - k * ln2hi) - k * ln2lo;
  Expr p = 1.f / 5040;
  for (float c : {1.f / 720, 1.f / 120, 1.f / 24, 1.f / 6, 0.5f, 1.f, 1.f})
    p = p * r + c;
  Expr e = p * powerOfTwo(ki);
  // Overflow to +inf, underflow to 0; NaN fails both tests and stays NaN.
  return select(x > 88.72283935546875f, std::numeric_limits<float>::infinity(),
                select(x < -87.33654022216797f, 0.f, e));
}

/// The arithmetic of include/mnv3c/Activations.h's formulas, in Halide.
struct HalideMath {
  Expr atLeast(Expr v, float lo) const { return codegen::atLeast(v, lo); }
  Expr atMost(Expr v, float hi) const { return codegen::atMost(v, hi); }
  Expr exp(Expr v) const { return exponential(v); }
  // A multiply is cheaper than a divide; the ratio is rounded once.
  Expr divide(Expr v, float d) const { return v * (1.f / d); }
};

} // namespace

Expr activate(Expr v, Activation a) {
  return applyActivation(a, v, HalideMath{});
}

} // namespace mnv3::codegen
