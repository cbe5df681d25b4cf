// A depthwise conv with a channel multiplier (groups == input channels,
// weight [k*C, 1, kh, kw], k > 1) is not "depthwise" for the dialect, so no
// bneck forms around it: code generation, which only emits one filter per
// channel, would reject the block afterwards.
//
// RUN: mnv3-opt %s --pass-pipeline='builtin.module(func.func(mnv3-fuse-inverted-residual))' | FileCheck %s

// CHECK-LABEL: func.func @depthwise_multiplier_2
// CHECK-NOT: mnv3.bneck
// CHECK: mnv3.conv2d {{.*}} groups 4 act relu
// CHECK: mnv3.add
func.func @depthwise_multiplier_2(%x: tensor<1x4x8x8xf32>, %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                  %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %d = mnv3.conv2d %x, %wd, %bd pad [1, 1] groups 4 act relu : tensor<1x4x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}
