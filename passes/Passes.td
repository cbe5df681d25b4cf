//===- Passes.td - every pass of mnv3c ---------------------*- tablegen -*-===//
//
// The graph-level optimiser: each pass turns part of the literal
// architecture into the fused operations code generation emits. Each is a
// flag of mnv3-opt and is checked by running the IR before and after it
// (test/Transforms and test/e2e).
//
//===----------------------------------------------------------------------===//

#ifndef MNV3_PASSES_TD
#define MNV3_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNormPass : Pass<"mnv3-fold-batchnorm", "mlir::func::FuncOp"> {
  let summary = "Fold inference BatchNorm into the preceding convolution";
  let description = [{
    `batch_norm(conv2d(x, w[, b]))` becomes `conv2d(x, w', b')` with
    `s = scale / sqrt(variance + eps)`, `w'[o] = w[o] * s[o]` and
    `b'[o] = (b[o] - mean[o]) * s[o] + offset[o]`, computed in double and
    rounded once. Works for dense, depthwise and 1x1 convolutions. The
    convolution must have no activation and no other user. Folded weights are
    new `dense_resource` blobs keyed `<conv>.weight.bn_folded` and
    `<conv>.bias.bn_folded`; when a weight has no data yet (imported without
    weights) the folded weights are placeholders too, so the structure of the
    IR is the same with or without weights.
  }];
}

def FuseActivationPass : Pass<"mnv3-fuse-activation", "mlir::func::FuncOp"> {
  let summary = "Fuse activations into the conv2d or linear that feeds them";
  let description = [{
    `relu`, `relu6`, `hardswish`, `hardsigmoid`, `sigmoid` or `swish`
    applied to the only use of a `conv2d` or `linear` without an activation
    becomes that op's `act` attribute. The fused op's location fuses both
    names, so `mnv3c run --dump` still finds either.
  }];
}

def FuseSqueezeExcitePass : Pass<"mnv3-fuse-squeeze-excite", "mlir::func::FuncOp"> {
  let summary = "Fuse squeeze-and-excitation subgraphs into mnv3.se";
  let description = [{
    `mul(x, gate(conv2(act(conv1(global_avg_pool(x))))))` with 1x1, biased,
    unit-stride convolutions, any `act` but none, and `gate` hardsigmoid or
    sigmoid, becomes `mnv3.se`. Activations may be standalone ops or already
    fused into the convolutions. Look-alikes stay as they are: another gate,
    a pool of another tensor than the one multiplied, a scale with other
    users, or a missing activation.
  }];
}

def FuseInvertedResidualPass
    : Pass<"mnv3-fuse-inverted-residual", "mlir::func::FuncOp"> {
  let summary = "Fuse inverted-residual blocks into mnv3.bneck";
  let description = [{
    [1x1 expansion conv2d with activation] -> depthwise conv2d with
    activation -> [mnv3.se] -> 1x1 projection conv2d without activation
    [-> add of the block input] becomes one `mnv3.bneck` whose region keeps
    the pieces, so code generation can emit the block as one loop nest and
    never materialise the expanded tensor. Run it after BatchNorm folding and
    activation fusion: it matches fused convolutions only. Every intermediate
    value must have a single user.
  }];
}

#endif // MNV3_PASSES_TD
