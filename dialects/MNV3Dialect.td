//===- MNV3Dialect.td - the mnv3 dialect and its attributes -*- tablegen -*-===//
//
// The mnv3 dialect models MobileNetV3-family networks as tensors flowing
// through a handful of operations. Tensors are NCHW f32 with static shapes,
// exactly as PyTorch holds them, so torchvision stays the oracle at every
// stage; code generation picks its own layout later.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3_DIALECT_TD
#define MNV3_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def MNV3_Dialect : Dialect {
  let name = "mnv3";
  let summary = "MobileNetV3-family networks as fusable tensor operations";
  let description = [{
    Primitive operations (conv2d, batch_norm, activations, pooling, add, mul,
    linear) are what the importer produces from an architecture spec; fused
    operations (conv2d with an activation, `se`, `bneck`) are what the fusion
    passes produce and what code generation consumes. Weights are
    `mnv3.constant` ops whose values are `dense_resource` blobs named after
    torchvision's state_dict keys, so printed IR stays small and readable.
  }];
  let cppNamespace = "::mnv3";
  let dependentDialects = ["::mlir::func::FuncDialect"];
  let hasConstantMaterializer = 1;
}

// The element-wise non-linearities of the MobileNet family. `none` is the
// identity, so a conv2d without an activation needs no special case.
def MNV3_ActivationAttr : I32EnumAttr<"Activation", "element-wise non-linearity", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"relu6", 2>,
    I32EnumAttrCase<"hardswish", 3>,
    I32EnumAttrCase<"hardsigmoid", 4>,
    I32EnumAttrCase<"sigmoid", 5>,
    I32EnumAttrCase<"swish", 6>,
  ]> {
  let cppNamespace = "::mnv3";
}


class MNV3_Op<string mnemonic, list<Trait> traits = []>
    : Op<MNV3_Dialect, mnemonic, traits>;

// Tensor constraints shared by the ops: f32 with a static shape, since every
// stage (memory plan, code generation) works on known sizes.
def MNV3_Tensor : StaticShapeTensorOf<[F32]>;
class MNV3_TensorOfRank<int rank>
    : Type<And<[MNV3_Tensor.predicate, HasAnyRankOfPred<[rank]>]>,
           rank # "-D statically shaped f32 tensor", "::mlir::RankedTensorType">;
def MNV3_Tensor1D : MNV3_TensorOfRank<1>;
def MNV3_Tensor2D : MNV3_TensorOfRank<2>;
def MNV3_Tensor3D : MNV3_TensorOfRank<3>;
def MNV3_Tensor4D : MNV3_TensorOfRank<4>;

#endif // MNV3_DIALECT_TD
