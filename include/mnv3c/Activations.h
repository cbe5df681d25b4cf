//===- Activations.h - the activation functions, defined once ---*- C++ -*-===//
//
// Each element-wise non-linearity of the family: its number, its names and
// its formula. The formula is a template over the arithmetic, so the
// reference evaluator (float, as ATen computes it) and the code generator
// (Halide::Expr) evaluate the same expression in the same order. The
// dialect's enum (dialects/MNV3Dialect.td) carries the same numbers, which
// MNV3Dialect.cpp checks at compile time.
//
// No LLVM or MLIR header here: codegen/ includes it, and codegen cannot see
// LLVM 19's headers (Halide links LLVM 14).
//
//===----------------------------------------------------------------------===//
#ifndef MNV3C_ACTIVATIONS_H
#define MNV3C_ACTIVATIONS_H

#include <cstdint>
#include <optional>
#include <string_view>

namespace mnv3 {

/// X(kind, number): every activation, in the dialect enum's order.
#define MNV3_ACTIVATION_KINDS(X)                                               \
  X(none, 0)                                                                   \
  X(relu, 1)                                                                   \
  X(relu6, 2)                                                                  \
  X(hardswish, 3)                                                              \
  X(hardsigmoid, 4)                                                            \
  X(sigmoid, 5)                                                                \
  X(swish, 6)

enum class ActivationKind : uint32_t {
#define MNV3_ACTIVATION_ENUMERATOR(kind, number) kind = number,
  MNV3_ACTIVATION_KINDS(MNV3_ACTIVATION_ENUMERATOR)
#undef MNV3_ACTIVATION_ENUMERATOR
};

/// The names an activation may be written with in a spec or on a command
/// line: ours, the paper's tables (RE, HS) and PyTorch's (hardswish, silu).
struct ActivationName {
  std::string_view name;
  ActivationKind kind;
};
inline constexpr ActivationName kActivationNames[] = {
    {"none", ActivationKind::none},
    {"relu", ActivationKind::relu},
    {"RE", ActivationKind::relu},
    {"relu6", ActivationKind::relu6},
    {"hswish", ActivationKind::hardswish},
    {"hardswish", ActivationKind::hardswish},
    {"HS", ActivationKind::hardswish},
    {"hsigmoid", ActivationKind::hardsigmoid},
    {"hardsigmoid", ActivationKind::hardsigmoid},
    {"sigmoid", ActivationKind::sigmoid},
    {"swish", ActivationKind::swish},
    {"silu", ActivationKind::swish},
};

inline std::optional<ActivationKind> activationNamed(std::string_view name) {
  for (const ActivationName &n : kActivationNames)
    if (n.name == name)
      return n.kind;
  return std::nullopt;
}

/// f(x). Math supplies, for its value type T:
///   atLeast(T, float), atMost(T, float): clamps that let NaN through;
///   exp(T); divide(T, float).
template <typename T, typename Math>
T applyActivation(ActivationKind kind, T x, const Math &math) {
  auto relu6 = [&](T v) { return math.atMost(math.atLeast(v, 0.f), 6.f); };
  auto sigmoid = [&](T v) { return 1.f / (1.f + math.exp(-v)); };
  switch (kind) {
  case ActivationKind::none:
    return x;
  case ActivationKind::relu:
    return math.atLeast(x, 0.f);
  case ActivationKind::relu6:
    return relu6(x);
  case ActivationKind::hardswish:
    return math.divide(x * relu6(x + 3.f), 6.f);
  case ActivationKind::hardsigmoid:
    return math.divide(relu6(x + 3.f), 6.f);
  case ActivationKind::sigmoid:
    return sigmoid(x);
  case ActivationKind::swish:
    return x * sigmoid(x);
  }
  return x;
}

} // namespace mnv3

#endif // MNV3C_ACTIVATIONS_H
