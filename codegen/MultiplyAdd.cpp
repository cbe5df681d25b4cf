//===- MultiplyAdd.cpp - how a multiply-accumulate is emitted per target ---===//
//
// Most targets get acc + a * b and LLVM fuses it (x86 FMA, AArch64 FMLA).
// ARMv7 NEON with VFPv4 has VFMA, but LLVM fuses 32-bit NEON vectors only
// from an explicit llvm.fma, which Halide 14 cannot express; there the
// kernels call mnv3_fmaf32, defined in LLVM IR (runtime/
// Arm32FusedMultiplyAdd.ll) and linked into the module (Schedules.cpp sets
// which targets).
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

namespace mnv3::runtime {
extern const unsigned char Arm32FusedMultiplyAdd[];
extern const unsigned long Arm32FusedMultiplyAdd_size;
} // namespace mnv3::runtime

using namespace Halide;

namespace mnv3::codegen {

Expr multiplyAdd(const Sched &s, Expr a, Expr b, Expr acc) {
  if (!s.fusedMultiplyAdd)
    return acc + a * b;
  return Internal::Call::make(Float(32), "mnv3_fmaf32", {a, b, acc},
                              Internal::Call::PureExtern);
}

Expr multiplyAdd4(const std::vector<Expr> &a, const std::vector<Expr> &b,
                  Expr acc) {
  std::vector<Expr> args = a;
  args.insert(args.end(), b.begin(), b.end());
  args.push_back(acc);
  return Internal::Call::make(Float(32), "mnv3_mla4f32", args,
                              Internal::Call::PureExtern);
}

void addMultiplyAddCode(const Sched &s, Module &m) {
  if (!s.fusedMultiplyAdd && s.lanePwPx == 0)
    return;
  std::vector<uint8_t> code(runtime::Arm32FusedMultiplyAdd,
                            runtime::Arm32FusedMultiplyAdd +
                                runtime::Arm32FusedMultiplyAdd_size);
  m.append(ExternalCode::bitcode_wrapper(m.target(), code,
                                         "mnv3.arm32-fused-multiply-add"));
}

} // namespace mnv3::codegen
