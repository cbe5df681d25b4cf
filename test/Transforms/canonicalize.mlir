// RUN: mnv3-opt %s -split-input-file -canonicalize | FileCheck %s
// Folders and canonicalization patterns of the mnv3 ops.

// A relu of a relu (or of a relu6) is its input.
// CHECK-LABEL: func.func @relu_of_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x2x2xf32>)
// CHECK-NEXT: %[[A:.*]] = mnv3.relu %[[X]]
// CHECK-NEXT: %[[B:.*]] = mnv3.relu6 %[[X]]
// CHECK-NEXT: return %[[A]], %[[B]]
func.func @relu_of_relu(%x: tensor<1x4x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) {
  %0 = mnv3.relu %x : tensor<1x4x2x2xf32>
  %1 = mnv3.relu %0 : tensor<1x4x2x2xf32>
  %2 = mnv3.relu6 %x : tensor<1x4x2x2xf32>
  %3 = mnv3.relu6 %2 : tensor<1x4x2x2xf32>
  %4 = mnv3.relu %3 : tensor<1x4x2x2xf32>
  return %1, %4 : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>
}

// -----

// relu6 of a relu still clamps at 6: not folded.
// CHECK-LABEL: func.func @relu6_of_relu
// CHECK: mnv3.relu
// CHECK-NEXT: mnv3.relu6
func.func @relu6_of_relu(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %0 = mnv3.relu %x : tensor<1x4x2x2xf32>
  %1 = mnv3.relu6 %0 : tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}

// -----

// Pooling a 1x1 map before flatten is the identity.
// CHECK-LABEL: func.func @flatten_of_single_pixel_pool
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x1x1xf32>)
// CHECK-NOT: global_avg_pool
// CHECK: mnv3.flatten %[[X]]
func.func @flatten_of_single_pixel_pool(%x: tensor<1x8x1x1xf32>) -> tensor<1x8xf32> {
  %0 = mnv3.global_avg_pool %x : tensor<1x8x1x1xf32> -> tensor<1x8x1x1xf32>
  %1 = mnv3.flatten %0 : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// A pool of a larger map stays; so does a 1x1 pool not feeding flatten (it
// may be the squeeze of an SE block waiting to be fused).
// CHECK-LABEL: func.func @pools_that_stay
// CHECK: mnv3.global_avg_pool
// CHECK: mnv3.global_avg_pool
func.func @pools_that_stay(%x: tensor<1x8x2x2xf32>, %y: tensor<1x8x1x1xf32>) -> (tensor<1x8xf32>, tensor<1x8x1x1xf32>) {
  %0 = mnv3.global_avg_pool %x : tensor<1x8x2x2xf32> -> tensor<1x8x1x1xf32>
  %1 = mnv3.flatten %0 : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %2 = mnv3.global_avg_pool %y : tensor<1x8x1x1xf32> -> tensor<1x8x1x1xf32>
  return %1, %2 : tensor<1x8xf32>, tensor<1x8x1x1xf32>
}
