// mnv3-fold-batchnorm: batch_norm(conv2d(x, w[, b])) -> conv2d(x, w', b') with
// s = scale / sqrt(var + eps), w'[o] = w[o] * s[o], b'[o] = (b[o] - mean[o]) * s[o] + offset[o].
//
// The positive cases use parameters whose folded values are exact in f32
// (every s is 0.5, 1 or 2), so the folded blobs are checked byte for byte in
// the printed dialect_resources section (little-endian f32 after the 4-byte
// alignment header 0x04000000; 0x3F000000 = 0.5, 0x3F800000 = 1, 0x40000000 = 2,
// 0xC0000000 = -2, ...). The second group of RUN lines is translation
// validation: the reference evaluator runs each folded function and its
// original on the same random input and the outputs must agree.

// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(mnv3-fold-batchnorm))' | FileCheck %s

// RUN: mnv3-opt %s --pass-pipeline='builtin.module(func.func(mnv3-fold-batchnorm))' -o %t.folded.mlir
// RUN: %python %S/Inputs/random_f32.py 1 16 %t.x16
// RUN: %python %S/Inputs/random_f32.py 2 32 %t.x32
// RUN: mnv3-eval %s --function fold_conv3x3 -i %t.x16 -o %t.conv3x3.before
// RUN: mnv3-eval %t.folded.mlir --function fold_conv3x3 -i %t.x16 -o %t.conv3x3.after
// RUN: %python %S/../e2e/compare.py %t.conv3x3.before %t.conv3x3.after --shape 1,2,2,2 --rtol 1e-6
// RUN: mnv3-eval %s --function fold_depthwise_dilated -i %t.x32 -o %t.depthwise.before
// RUN: mnv3-eval %t.folded.mlir --function fold_depthwise_dilated -i %t.x32 -o %t.depthwise.after
// RUN: %python %S/../e2e/compare.py %t.depthwise.before %t.depthwise.after --shape 1,2,4,4 --rtol 1e-6
// RUN: mnv3-eval %s --function fold_existing_bias -i %t.x32 -o %t.bias.before
// RUN: mnv3-eval %t.folded.mlir --function fold_existing_bias -i %t.x32 -o %t.bias.after
// RUN: %python %S/../e2e/compare.py %t.bias.before %t.bias.after --shape 1,2,4,4 --rtol 1e-6
// RUN: mnv3-eval %s --function fold_epsilon -i %t.x32 -o %t.eps.before
// RUN: mnv3-eval %t.folded.mlir --function fold_epsilon -i %t.x32 -o %t.eps.after
// RUN: %python %S/../e2e/compare.py %t.eps.before %t.eps.after --shape 1,2,4,4 --rtol 1e-6
// RUN: mnv3-eval %s --function fold_resource_weights -i %t.x32 -o %t.resource.before
// RUN: mnv3-eval %t.folded.mlir --function fold_resource_weights -i %t.x32 -o %t.resource.after
// RUN: %python %S/../e2e/compare.py %t.resource.before %t.resource.after --shape 1,2,4,4 --rtol 1e-6

//===----------------------------------------------------------------------===//
// Folds
//===----------------------------------------------------------------------===//

// A dense 3x3 convolution: stride and padding survive, the BatchNorm
// disappears, the new weights are keyed after the conv ("conv" for literals).
// s = [1/sqrt(3+1), 3/sqrt(8+1)] = [0.5, 1]
// w' = [0.5 .. 4.5 | 2 x 9], b' = [(0-1)*0.5+0.5, (0-2)*1-1] = [0, -3]
// CHECK-LABEL: func.func @fold_conv3x3
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = mnv3.constant dense_resource<conv.weight.bn_folded> : tensor<2x1x3x3xf32>
// CHECK-DAG: %[[B:.*]] = mnv3.constant dense_resource<conv.bias.bn_folded> : tensor<2xf32>
// CHECK-NOT: mnv3.batch_norm
// CHECK: %[[Y:.*]] = mnv3.conv2d %[[X]], %[[W]], %[[B]] stride [2, 2] pad [1, 1] : tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32> -> tensor<1x2x2x2xf32>
// CHECK-NOT: mnv3.batch_norm
// CHECK: return %[[Y]]
// CHECK-DAG: conv.weight.bn_folded: "0x040000000000003F0000803F0000C03F000000400000204000004040000060400000804000009040000000400000004000000040000000400000004000000040000000400000004000000040"
// CHECK-DAG: conv.bias.bn_folded: "0x0400000000000000000040C0"
func.func @fold_conv3x3(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w = mnv3.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]],
                            [[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]]> : tensor<2x1x3x3xf32>
  %c = mnv3.conv2d %x, %w stride [2, 2] pad [1, 1] : tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32> -> tensor<1x2x2x2xf32>
  %scale = mnv3.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %offset = mnv3.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = mnv3.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = mnv3.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 1.0 : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Depthwise (groups = channels, weight [C, 1, k, k]) with dilation: each
// output channel is scaled by its own factor; groups and dilation survive.
// s = [2/sqrt(15+1), 0.5/sqrt(0+1)] = [0.5, 0.5]
// w' = [0.5 0 -0.5 1 0 -1 0.5 0 -0.5 | 2 x 9], b' = [(0+1)*0.5+1, (0-4)*0.5+0] = [1.5, -2]
// CHECK-LABEL: func.func @fold_depthwise_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = mnv3.constant dense_resource<conv.weight.bn_folded> : tensor<2x1x3x3xf32>
// CHECK-DAG: %[[B:.*]] = mnv3.constant dense_resource<conv.bias.bn_folded> : tensor<2xf32>
// CHECK-NOT: mnv3.batch_norm
// CHECK: %[[Y:.*]] = mnv3.conv2d %[[X]], %[[W]], %[[B]] pad [2, 2] dilation [2, 2] groups 2 : tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
// CHECK: return %[[Y]]
// CHECK-DAG: conv.weight.bn_folded: "0x040000000000003F00000000000000BF0000803F00000000000080BF0000003F00000000000000BF000000400000004000000040000000400000004000000040000000400000004000000040"
// CHECK-DAG: conv.bias.bn_folded: "0x040000000000C03F000000C0"
func.func @fold_depthwise_dilated(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense<[[[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]],
                            [[[4.0, 4.0, 4.0], [4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]]]> : tensor<2x1x3x3xf32>
  %c = mnv3.conv2d %x, %w pad [2, 2] dilation [2, 2] groups 2 : tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32> -> tensor<1x2x4x4xf32>
  %scale = mnv3.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %offset = mnv3.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = mnv3.constant dense<[-1.0, 4.0]> : tensor<2xf32>
  %var = mnv3.constant dense<[15.0, 0.0]> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 1.0 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A 1x1 convolution (the expansion / projection of a block).
// s = [1/sqrt(3+1), 2/sqrt(15+1)] = [0.5, 0.5]
// w' = [0.5, 1, 1.5, 2], b' = [(0-1)*0.5+0.5, (0-2)*0.5-1] = [0, -2]
// CHECK-LABEL: func.func @fold_pointwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = mnv3.constant dense_resource<conv.weight.bn_folded> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = mnv3.constant dense_resource<conv.bias.bn_folded> : tensor<2xf32>
// CHECK-NOT: mnv3.batch_norm
// CHECK: %[[Y:.*]] = mnv3.conv2d %[[X]], %[[W]], %[[B]] : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
// CHECK: return %[[Y]]
// CHECK-DAG: conv.weight.bn_folded: "0x040000000000003F0000803F0000C03F00000040"
// CHECK-DAG: conv.bias.bn_folded: "0x0400000000000000000000C0"
func.func @fold_pointwise(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %scale = mnv3.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %offset = mnv3.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = mnv3.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = mnv3.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 1.0 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A conv that already has a bias: b' = (b - mean) * s + offset, and the old
// bias constant is gone.
// s = [0.5, 0.5], w' = [0.5, 1, 1.5, 2], b' = [(3-1)*0.5+0.5, (-1-2)*0.5-1] = [1.5, -2.5]
// CHECK-LABEL: func.func @fold_existing_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = mnv3.constant dense_resource<conv.weight.bn_folded> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = mnv3.constant dense_resource<conv.bias.bn_folded> : tensor<2xf32>
// CHECK-NOT: dense<[3.000000e+00, -1.000000e+00]>
// CHECK-NOT: mnv3.batch_norm
// CHECK: %[[Y:.*]] = mnv3.conv2d %[[X]], %[[W]], %[[B]] : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
// CHECK: return %[[Y]]
// CHECK-DAG: conv.weight.bn_folded: "0x040000000000003F0000803F0000C03F00000040"
// CHECK-DAG: conv.bias.bn_folded: "0x040000000000C03F000020C0"
func.func @fold_existing_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = mnv3.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %c = mnv3.conv2d %x, %w, %b : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
  %scale = mnv3.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %offset = mnv3.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = mnv3.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = mnv3.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 1.0 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// eps is the op's, not a default: with eps 0.25, s = [1/sqrt(3.75+0.25),
// 1/sqrt(0+0.25)] = [0.5, 2]; ignoring eps would give 1/sqrt(3.75) and a
// division by zero, torch's 1e-5 would give 316.2 for the second channel.
// w' = [0.5, 4], b' = [(0-2)*0.5, (0-1)*2] = [-1, -2]
// CHECK-LABEL: func.func @fold_epsilon
// CHECK-NOT: mnv3.batch_norm
// CHECK: mnv3.conv2d
// CHECK-DAG: conv.weight.bn_folded: "0x040000000000003F00008040"
// CHECK-DAG: conv.bias.bn_folded: "0x04000000000080BF000000C0"
func.func @fold_epsilon(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %c = mnv3.conv2d %x, %w groups 2 : tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32> -> tensor<1x2x4x4xf32>
  %scale = mnv3.constant dense<1.0> : tensor<2xf32>
  %offset = mnv3.constant dense<0.0> : tensor<2xf32>
  %mean = mnv3.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %var = mnv3.constant dense<[3.75, 0.0]> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 0.25 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Imported weights are named blobs: the folded ones are keyed after the conv
// module ("features.0.0"), the BatchNorm's own blobs are dropped.
// s = [2/sqrt(0+1), 1/sqrt(3+1)] = [2, 0.5]
// w' = [1*2, -2*0.5] = [2, -1], b' = [(0-0.5)*2+0, (0-0)*0.5+1] = [-1, 1]
// CHECK-LABEL: func.func @fold_resource_weights
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = mnv3.constant dense_resource<features.0.0.weight.bn_folded> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = mnv3.constant dense_resource<features.0.0.bias.bn_folded> : tensor<2xf32>
// CHECK-NOT: mnv3.batch_norm
// CHECK: %[[Y:.*]] = mnv3.conv2d %[[X]], %[[W]], %[[B]] groups 2
// CHECK: return %[[Y]]
// CHECK-NOT: features.0.1.
// CHECK-DAG: features.0.0.weight.bn_folded: "0x0400000000000040000080BF"
// CHECK-DAG: features.0.0.bias.bn_folded: "0x04000000000080BF0000803F"
// CHECK-NOT: features.0.1.
func.func @fold_resource_weights(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense_resource<features.0.0.weight> : tensor<2x1x1x1xf32>
  %c = mnv3.conv2d %x, %w groups 2 : tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32> -> tensor<1x2x4x4xf32>
  %scale = mnv3.constant dense_resource<features.0.1.weight> : tensor<2xf32>
  %offset = mnv3.constant dense_resource<features.0.1.bias> : tensor<2xf32>
  %mean = mnv3.constant dense_resource<features.0.1.running_mean> : tensor<2xf32>
  %var = mnv3.constant dense_resource<features.0.1.running_var> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 1.0 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      features.0.0.weight: "0x040000000000803F000000C0",
      features.0.1.weight: "0x04000000000000400000803F",
      features.0.1.bias: "0x04000000000000000000803F",
      features.0.1.running_mean: "0x040000000000003F00000000",
      features.0.1.running_var: "0x040000000000000000004040"
    }
  }
#-}

// -----

// Two BatchNorms in a row: the second folds into the conv the first made
// (with its bias). s = 0.5 twice: w' = 4 * 0.25 = 1, b' = ((0-1)*0.5+1-1)*0.5+1 = 0.75.
// CHECK-LABEL: func.func @fold_twice
// CHECK-NOT: mnv3.batch_norm
// CHECK: mnv3.conv2d %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>, tensor<1xf32> -> tensor<1x1x4x4xf32>
// CHECK-NOT: mnv3.batch_norm
// CHECK: weight.bn_folded: "0x040000000000803F"
// CHECK: bias.bn_folded: "0x040000000000403F"
func.func @fold_twice(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = mnv3.constant dense<4.0> : tensor<1x1x1x1xf32>
  %c = mnv3.conv2d %x, %w : tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32> -> tensor<1x1x4x4xf32>
  %one = mnv3.constant dense<1.0> : tensor<1xf32>
  %three = mnv3.constant dense<3.0> : tensor<1xf32>
  %y = mnv3.batch_norm %c, %one, %one, %one, %three eps 1.0 : tensor<1x1x4x4xf32>, tensor<1xf32>
  %z = mnv3.batch_norm %y, %one, %one, %one, %three eps 1.0 : tensor<1x1x4x4xf32>, tensor<1xf32>
  return %z : tensor<1x1x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Placeholders: IR imported without weights folds to the same structure
//===----------------------------------------------------------------------===//

// -----

// Every weight is a resource without a blob (mnv3c import without
// --weights): the folded weights are placeholders too, and no blob is made.
// CHECK-LABEL: func.func @fold_placeholders
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = mnv3.constant dense_resource<features.5.block.0.0.weight.bn_folded> : tensor<4x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = mnv3.constant dense_resource<features.5.block.0.0.bias.bn_folded> : tensor<4xf32>
// CHECK-NOT: mnv3.batch_norm
// CHECK: %[[Y:.*]] = mnv3.conv2d %[[X]], %[[W]], %[[B]] : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>, tensor<4xf32> -> tensor<1x4x4x4xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: dialect_resources
func.func @fold_placeholders(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = mnv3.constant dense_resource<features.5.block.0.0.weight> : tensor<4x2x1x1xf32>
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32> -> tensor<1x4x4x4xf32>
  %scale = mnv3.constant dense_resource<features.5.block.0.1.weight> : tensor<4xf32>
  %offset = mnv3.constant dense_resource<features.5.block.0.1.bias> : tensor<4xf32>
  %mean = mnv3.constant dense_resource<features.5.block.0.1.running_mean> : tensor<4xf32>
  %var = mnv3.constant dense_resource<features.5.block.0.1.running_var> : tensor<4xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 1.0e-3 : tensor<1x4x4x4xf32>, tensor<4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Data for the weight but not for the statistics: the result has no data
// either (a half-folded blob would be wrong), under the literal's fallback name.
// CHECK-LABEL: func.func @fold_partial_placeholders
// CHECK-DAG: mnv3.constant dense_resource<conv.weight.bn_folded> : tensor<2x2x1x1xf32>
// CHECK-DAG: mnv3.constant dense_resource<conv.bias.bn_folded> : tensor<2xf32>
// CHECK-NOT: mnv3.batch_norm
// CHECK: mnv3.conv2d
// CHECK-NOT: dialect_resources
func.func @fold_partial_placeholders(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %scale = mnv3.constant dense_resource<bn.weight> : tensor<2xf32>
  %offset = mnv3.constant dense_resource<bn.bias> : tensor<2xf32>
  %mean = mnv3.constant dense_resource<bn.running_mean> : tensor<2xf32>
  %var = mnv3.constant dense_resource<bn.running_var> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Look-alikes that must stay as they are
//===----------------------------------------------------------------------===//

// -----

// A BatchNorm of something that is not a convolution.
// CHECK-LABEL: func.func @no_fold_after_add
// CHECK: %[[S:.*]] = mnv3.add
// CHECK: %[[Y:.*]] = mnv3.batch_norm %[[S]],
// CHECK: return %[[Y]]
func.func @no_fold_after_add(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %s = mnv3.add %x, %x : tensor<1x2x4x4xf32>
  %p = mnv3.constant dense<1.0> : tensor<2xf32>
  %y = mnv3.batch_norm %s, %p, %p, %p, %p eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A BatchNorm of a function argument (no producer at all).
// CHECK-LABEL: func.func @no_fold_of_argument
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK: %[[Y:.*]] = mnv3.batch_norm %[[X]],
// CHECK: return %[[Y]]
func.func @no_fold_of_argument(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %p = mnv3.constant dense<1.0> : tensor<2xf32>
  %y = mnv3.batch_norm %x, %p, %p, %p, %p eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The conv's raw output is used elsewhere too: folding would change that use.
// CHECK-LABEL: func.func @no_fold_conv_two_users
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK: %[[C:.*]] = mnv3.conv2d %[[X]], %{{[^,]*}} :
// CHECK: %[[Y:.*]] = mnv3.batch_norm %[[C]],
// CHECK: return %[[Y]], %[[C]]
// CHECK-NOT: bn_folded
func.func @no_fold_conv_two_users(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = mnv3.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %p = mnv3.constant dense<1.0> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %p, %p, %p, %p eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// The BatchNorm follows the activation, not the conv: bn(relu(conv)) is not
// a linear function of the conv and must not fold.
// CHECK-LABEL: func.func @no_fold_conv_with_activation
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} act relu :
// CHECK: %[[Y:.*]] = mnv3.batch_norm %[[C]],
// CHECK: return %[[Y]]
// CHECK-NOT: bn_folded
func.func @no_fold_conv_with_activation(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = mnv3.conv2d %x, %w act relu : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %p = mnv3.constant dense<1.0> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %p, %p, %p, %p eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Statistics that are function arguments cannot be folded at compile time.
// CHECK-LABEL: func.func @no_fold_parameters_are_arguments
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[SCALE:.*]]: tensor<2xf32>, %[[OFFSET:.*]]: tensor<2xf32>, %[[MEAN:.*]]: tensor<2xf32>, %[[VAR:.*]]: tensor<2xf32>)
// CHECK: %[[C:.*]] = mnv3.conv2d %[[X]],
// CHECK: %[[Y:.*]] = mnv3.batch_norm %[[C]], %[[SCALE]], %[[OFFSET]], %[[MEAN]], %[[VAR]] eps
// CHECK: return %[[Y]]
func.func @no_fold_parameters_are_arguments(%x: tensor<1x2x4x4xf32>, %scale: tensor<2xf32>, %offset: tensor<2xf32>,
                                            %mean: tensor<2xf32>, %var: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %y = mnv3.batch_norm %c, %scale, %offset, %mean, %var eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Only one statistic is an argument: still no fold.
// CHECK-LABEL: func.func @no_fold_one_parameter_is_argument
// CHECK-SAME: %[[VAR:[^:]*]]: tensor<2xf32>)
// CHECK: %[[C:.*]] = mnv3.conv2d
// CHECK: mnv3.batch_norm %[[C]], %{{.*}}, %{{.*}}, %{{.*}}, %[[VAR]] eps
func.func @no_fold_one_parameter_is_argument(%x: tensor<1x2x4x4xf32>, %var: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = mnv3.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %p = mnv3.constant dense<1.0> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %p, %p, %p, %var eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The conv weight (or bias) is an argument: nothing to fold it into.
// CHECK-LABEL: func.func @no_fold_weight_is_argument
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<2x2x1x1xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK: %[[C:.*]] = mnv3.conv2d %[[X]], %[[W]] :
// CHECK: %[[Y:.*]] = mnv3.batch_norm %[[C]],
// CHECK: %[[D:.*]] = mnv3.conv2d %[[X]], %{{.*}}, %[[B]] :
// CHECK: %[[Z:.*]] = mnv3.batch_norm %[[D]],
// CHECK: return %[[Y]], %[[Z]]
func.func @no_fold_weight_is_argument(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>, %b: tensor<2xf32>)
    -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %p = mnv3.constant dense<1.0> : tensor<2xf32>
  %y = mnv3.batch_norm %c, %p, %p, %p, %p eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  %w2 = mnv3.constant dense<1.0> : tensor<2x2x1x1xf32>
  %d = mnv3.conv2d %x, %w2, %b : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
  %z = mnv3.batch_norm %d, %p, %p, %p, %p eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y, %z : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
