//===- MNV3Ops.td - operations of the mnv3 dialect ---------*- tablegen -*-===//
//
// Primitive ops first (what the importer emits), then the fused ops the
// passes build. Every op verifies its shapes, so a malformed network is
// rejected at the op that breaks it, with the spec line as its location.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3_OPS_TD
#define MNV3_OPS_TD

include "MNV3Dialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

def MNV3_ConstantOp : MNV3_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "a weight tensor";
  let description = [{
    Holds a weight tensor. Imported weights are `dense_resource` blobs keyed
    by their torchvision state_dict name; a resource without a blob (as in
    `mnv3c import` without `--weights`, or IR printed with elided resources)
    is a placeholder that `mnv3c run --weights` binds by that name.

    ```mlir
    %w = mnv3.constant dense_resource<features.0.0.weight> : tensor<16x3x3x3xf32>
    ```
  }];
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs MNV3_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolution, normalisation, activations
//===----------------------------------------------------------------------===//

def MNV3_Conv2DOp : MNV3_Op<"conv2d", [Pure]> {
  let summary = "2-D convolution (dense, grouped or depthwise), optionally fused with bias and activation";
  let description = [{
    PyTorch semantics: input NCHW, weight OIHW with I = C / groups, symmetric
    zero padding. `groups` equal to the channel count makes it depthwise. The
    optional bias and `act` are what fusion folds in; the importer emits
    neither (torchvision's convs have no bias, a BatchNorm follows).

    ```mlir
    %y = mnv3.conv2d %x, %w, %b stride [2, 2] pad [1, 1] act hardswish
        : tensor<1x3x224x224xf32>, tensor<16x3x3x3xf32>, tensor<16xf32> -> tensor<1x16x112x112xf32>
    ```
  }];
  let arguments = (ins MNV3_Tensor4D:$input, MNV3_Tensor4D:$weight,
                       Optional<MNV3_Tensor1D>:$bias,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$groups,
                       DefaultValuedAttr<MNV3_ActivationAttr, "::mnv3::Activation::none">:$act);
  let results = (outs MNV3_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)?
    (`stride` $strides^)? (`pad` $padding^)? (`dilation` $dilations^)?
    (`groups` $groups^)? (`act` $act^)?
    attr-dict `:` type($input) `,` type($weight) (`,` type($bias)^)? `->` type($output)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Depthwise: one input channel per group and as many groups as channels.
    bool isDepthwise();
    /// A 1x1 dense convolution with unit stride, i.e. a per-pixel matmul.
    bool isPointwise();
    int64_t getKernelSize() { return getWeight().getType().getShape()[2]; }
  }];
}

def MNV3_BatchNormOp : MNV3_Op<"batch_norm",
    [Pure, AllTypesMatch<["input", "output"]>,
     AllTypesMatch<["scale", "offset", "mean", "variance"]>]> {
  let summary = "inference batch normalisation over the channel axis";
  let description = [{
    `(x - mean) / sqrt(variance + eps) * scale + offset` per channel, the
    running statistics of torch.nn.BatchNorm2d in eval mode.
  }];
  let arguments = (ins MNV3_Tensor4D:$input, MNV3_Tensor1D:$scale,
                       MNV3_Tensor1D:$offset, MNV3_Tensor1D:$mean,
                       MNV3_Tensor1D:$variance, F32Attr:$epsilon);
  let results = (outs MNV3_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $offset `,` $mean `,` $variance `eps` $epsilon
    attr-dict `:` type($input) `,` type($scale)
  }];
  let hasVerifier = 1;
}

class MNV3_ActivationOp<string mnemonic, string formula>
    : MNV3_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "element-wise " # formula;
  let arguments = (ins MNV3_Tensor:$input);
  let results = (outs MNV3_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def MNV3_ReluOp : MNV3_ActivationOp<"relu", "max(x, 0)"> {
  let hasFolder = 1; // relu(relu(x)) and relu(relu6(x)) are their input
}
def MNV3_Relu6Op : MNV3_ActivationOp<"relu6", "min(max(x, 0), 6)"> {
  let hasFolder = 1; // relu6(relu6(x)) is its input
}
def MNV3_HardSwishOp : MNV3_ActivationOp<"hardswish", "x * relu6(x + 3) / 6">;
def MNV3_HardSigmoidOp : MNV3_ActivationOp<"hardsigmoid", "relu6(x + 3) / 6">;
def MNV3_SigmoidOp : MNV3_ActivationOp<"sigmoid", "1 / (1 + exp(-x))">;
def MNV3_SwishOp : MNV3_ActivationOp<"swish", "x * sigmoid(x)">;

//===----------------------------------------------------------------------===//
// Element-wise arithmetic, pooling, classifier
//===----------------------------------------------------------------------===//

def MNV3_AddOp : MNV3_Op<"add", [Pure, Commutative, SameOperandsAndResultType]> {
  let summary = "element-wise sum (the residual connection)";
  let arguments = (ins MNV3_Tensor:$lhs, MNV3_Tensor:$rhs);
  let results = (outs MNV3_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($output)";
}

def MNV3_MulOp : MNV3_Op<"mul", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "scales each channel of a feature map (the squeeze-excite gate)";
  let description = [{
    `output[n, c, h, w] = input[n, c, h, w] * scale[n, c, 0, 0]`: the
    broadcast multiply of torchvision's SqueezeExcitation.
  }];
  let arguments = (ins MNV3_Tensor4D:$input, MNV3_Tensor4D:$scale);
  let results = (outs MNV3_Tensor4D:$output);
  let assemblyFormat = "$input `,` $scale attr-dict `:` type($input) `,` type($scale)";
  let hasVerifier = 1;
}

def MNV3_GlobalAvgPoolOp : MNV3_Op<"global_avg_pool", [Pure]> {
  let summary = "mean over the spatial axes, keeping them as 1x1";
  let arguments = (ins MNV3_Tensor4D:$input);
  let results = (outs MNV3_Tensor4D:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  }

def MNV3_ResizeBilinearOp : MNV3_Op<"resize_bilinear", [Pure]> {
  let summary = "bilinear resize of the spatial axes, PyTorch's align_corners=False";
  let description = [{
    `torch.nn.functional.interpolate(x, size=(H, W), mode="bilinear",
    align_corners=False)`: output pixel `o` samples input coordinate
    `max((o + 0.5) * in / out - 0.5, 0)` on each axis and blends its two
    neighbours (the last one repeats at the edge). LR-ASPP upsamples with it.

    ```mlir
    %y = mnv3.resize_bilinear %x : tensor<1x21x64x64xf32> -> tensor<1x21x512x512xf32>
    ```
  }];
  let arguments = (ins MNV3_Tensor4D:$input);
  let results = (outs MNV3_Tensor4D:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1; // a resize to the same size is its input
}

def MNV3_ConcatAnchorsOp : MNV3_Op<"concat_anchors", [Pure]> {
  let summary = "SSD head outputs [N, A*K, H, W] -> [N, sum of H*W*A, K]";
  let description = [{
    What torchvision's SSDScoringHead does with its per-map predictions:
    each input `[N, A*K, H, W]` (A anchors per cell, K columns: box
    coordinates or class logits) becomes `[N, H*W*A, K]` (view as
    `[N, A, K, H, W]`, permute to `[N, H, W, A, K]`), and the maps are
    concatenated along the anchors. K is the result's last dimension.

    ```mlir
    %r = mnv3.concat_anchors %a, %b : tensor<1x24x20x20xf32>, tensor<1x24x10x10xf32> -> tensor<1x3000x4xf32>
    ```
  }];
  let arguments = (ins Variadic<MNV3_Tensor4D>:$inputs);
  let results = (outs MNV3_Tensor3D:$output);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs) `->` type($output)";
  let hasVerifier = 1;
}

def MNV3_FlattenOp : MNV3_Op<"flatten", [Pure]> {
  let summary = "[N, C, 1, 1] -> [N, C], as torch.flatten(x, 1) after pooling";
  let description = [{
    Canonicalization drops a global_avg_pool of a 1x1 map in front of it
    (pooling one pixel is the identity). Only here, not as a folder of the
    pool: a folder would also erase the pool of a squeeze-excite block on a
    1x1 map before the SE fusion could match it.
  }];
  let arguments = (ins MNV3_Tensor4D:$input);
  let results = (outs MNV3_Tensor2D:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def MNV3_LinearOp : MNV3_Op<"linear", [Pure]> {
  let summary = "fully connected layer, optionally fused with its activation";
  let description = [{
    `output = input * weight^T + bias` as torch.nn.Linear, weight [out, in].
  }];
  let arguments = (ins MNV3_Tensor2D:$input, MNV3_Tensor2D:$weight,
                       MNV3_Tensor1D:$bias,
                       DefaultValuedAttr<MNV3_ActivationAttr, "::mnv3::Activation::none">:$act);
  let results = (outs MNV3_Tensor2D:$output);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias (`act` $act^)? attr-dict
    `:` type($input) `,` type($weight) `,` type($bias) `->` type($output)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Fused blocks
//===----------------------------------------------------------------------===//

def MNV3_SqueezeExciteOp : MNV3_Op<"se", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "squeeze-and-excitation: x * gate(fc2(act(fc1(mean_hw(x)))))";
  let description = [{
    One op for torchvision's SqueezeExcitation: global average pooling, a
    1x1 convolution to `squeeze` channels with bias and `act`, a 1x1
    convolution back with bias, the `gate` non-linearity, and the channel-wise
    multiply with the input. The weights keep their conv shapes [S, C, 1, 1]
    and [C, S, 1, 1].
  }];
  let arguments = (ins MNV3_Tensor4D:$input,
                       MNV3_Tensor4D:$fc1_weight, MNV3_Tensor1D:$fc1_bias,
                       MNV3_Tensor4D:$fc2_weight, MNV3_Tensor1D:$fc2_bias,
                       DefaultValuedAttr<MNV3_ActivationAttr, "::mnv3::Activation::relu">:$act,
                       DefaultValuedAttr<MNV3_ActivationAttr, "::mnv3::Activation::hardsigmoid">:$gate);
  let results = (outs MNV3_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $fc1_weight `,` $fc1_bias `,` $fc2_weight `,` $fc2_bias
    (`act` $act^)? (`gate` $gate^)? attr-dict
    `:` type($input) `,` type($fc1_weight) `,` type($fc1_bias) `,`
        type($fc2_weight) `,` type($fc2_bias)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getSqueezeChannels() { return getFc1Weight().getType().getShape()[0]; }
  }];
}

def MNV3_BneckOp : MNV3_Op<"bneck",
    [SingleBlock, RecursiveMemoryEffects, RecursivelySpeculatable]> {
  let summary = "an inverted-residual block, its pieces kept in its region";
  let description = [{
    The fused MobileNetV2/V3 bottleneck. The region takes the block input as
    its only argument and holds, in this order: an optional 1x1 expansion
    conv2d with an activation, the depthwise conv2d with an activation, an
    optional `mnv3.se`, the 1x1 projection conv2d without activation, and an
    optional residual `mnv3.add` of the projection and the block input;
    `mnv3.yield` returns the last one. Keeping the pieces visible lets code
    generation fuse the block into one loop nest while any pass or the
    reference evaluator can still read it op by op.
  }];
  let arguments = (ins MNV3_Tensor4D:$input);
  let results = (outs MNV3_Tensor4D:$output);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output) $body";
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The pieces of the block, in execution order; null where absent.
    Conv2DOp getExpand();
    Conv2DOp getDepthwise();
    SqueezeExciteOp getSqueezeExcite();
    Conv2DOp getProject();
    bool hasResidual();
  }];
}

def MNV3_YieldOp : MNV3_Op<"yield",
    [Pure, Terminator, HasParent<"BneckOp">, ReturnLike]> {
  let summary = "returns the result of a bneck block";
  let arguments = (ins MNV3_Tensor4D:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

#endif // MNV3_OPS_TD
