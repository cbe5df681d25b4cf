//===- MNV3Dialect.cpp - registration of the mnv3 dialect ------------------===//

#include "dialects/MNV3Dialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mnv3;

#include "dialects/MNV3Dialect.cpp.inc"
#include "dialects/MNV3Enums.cpp.inc"

void MNV3Dialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/MNV3Ops.cpp.inc"
      >();
}

Operation *MNV3Dialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}

// The dialect's enum and mnv3c/Activations.h list the same activations
// with the same numbers.
#define MNV3_CHECK_ACTIVATION(kind, number)                                    \
  static_assert(static_cast<uint32_t>(Activation::kind) == (number),           \
                "MNV3Dialect.td and mnv3c/Activations.h number " #kind        \
                " differently");
MNV3_ACTIVATION_KINDS(MNV3_CHECK_ACTIVATION)
#undef MNV3_CHECK_ACTIVATION
#define MNV3_COUNT_ACTIVATION(kind, number) +1
static_assert(getMaxEnumValForActivation() + 1 ==
                  0 MNV3_ACTIVATION_KINDS(MNV3_COUNT_ACTIVATION),
              "MNV3Dialect.td and mnv3c/Activations.h list different "
              "activations");
#undef MNV3_COUNT_ACTIVATION

std::optional<Activation> mnv3::getActivationOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<Activation>>(op)
      .Case([](ReluOp) { return Activation::relu; })
      .Case([](Relu6Op) { return Activation::relu6; })
      .Case([](HardSwishOp) { return Activation::hardswish; })
      .Case([](HardSigmoidOp) { return Activation::hardsigmoid; })
      .Case([](SigmoidOp) { return Activation::sigmoid; })
      .Case([](SwishOp) { return Activation::swish; })
      .Default([](Operation *) { return std::nullopt; });
}

std::string mnv3::getOutputName(func::FuncOp function, unsigned index) {
  if (auto name = function.getResultAttrOfType<StringAttr>(index, kOutputNameAttr))
    return name.getValue().str();
  return function.getNumResults() == 1 ? "output"
                                       : "output" + std::to_string(index);
}
