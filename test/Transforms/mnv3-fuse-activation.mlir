// mnv3-fuse-activation: act(conv2d | linear) -> conv2d/linear with `act`, when
// the activation is the producer's only user and the producer has none yet.

// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(mnv3-fuse-activation))' | FileCheck %s
// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(mnv3-fuse-activation))' --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

//===----------------------------------------------------------------------===//
// Each activation, into a conv2d and into a linear
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @fuse_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<4x2x1x1xf32>, %[[V:.*]]: tensor<1x8xf32>, %[[M:.*]]: tensor<3x8xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK-NOT: mnv3.relu
// CHECK: %[[C:.*]] = mnv3.conv2d %[[X]], %[[W]] act relu : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32> -> tensor<1x4x4x4xf32>
// CHECK-NOT: mnv3.relu
// CHECK: %[[L:.*]] = mnv3.linear %[[V]], %[[M]], %[[B]] act relu : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
// CHECK-NOT: mnv3.relu
// CHECK: return %[[C]], %[[L]]
func.func @fuse_relu(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x1x1xf32>,
                     %v: tensor<1x8xf32>, %m: tensor<3x8xf32>, %b: tensor<3xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<1x3xf32>) {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32> -> tensor<1x4x4x4xf32>
  %ca = mnv3.relu %c : tensor<1x4x4x4xf32>
  %l = mnv3.linear %v, %m, %b : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %la = mnv3.relu %l : tensor<1x3xf32>
  return %ca, %la : tensor<1x4x4x4xf32>, tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @fuse_relu6
// CHECK-NOT: mnv3.relu6
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} act relu6 :
// CHECK-NOT: mnv3.relu6
// CHECK: %[[L:.*]] = mnv3.linear %{{.*}}, %{{.*}}, %{{.*}} act relu6 :
// CHECK-NOT: mnv3.relu6
// CHECK: return %[[C]], %[[L]]
func.func @fuse_relu6(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x1x1xf32>,
                      %v: tensor<1x8xf32>, %m: tensor<3x8xf32>, %b: tensor<3xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<1x3xf32>) {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32> -> tensor<1x4x4x4xf32>
  %ca = mnv3.relu6 %c : tensor<1x4x4x4xf32>
  %l = mnv3.linear %v, %m, %b : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %la = mnv3.relu6 %l : tensor<1x3xf32>
  return %ca, %la : tensor<1x4x4x4xf32>, tensor<1x3xf32>
}

// -----

// The stem of MobileNetV3: a strided 3x3 conv with a bias, then hard-swish.
// Stride, padding and bias survive.
// CHECK-LABEL: func.func @fuse_hardswish
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[CB:.*]]: tensor<4xf32>,
// CHECK-NOT: mnv3.hardswish
// CHECK: %[[C:.*]] = mnv3.conv2d %[[X]], %[[W]], %[[CB]] stride [2, 2] pad [1, 1] act hardswish : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32> -> tensor<1x4x4x4xf32>
// CHECK-NOT: mnv3.hardswish
// CHECK: %[[L:.*]] = mnv3.linear %{{.*}}, %{{.*}}, %{{.*}} act hardswish :
// CHECK-NOT: mnv3.hardswish
// CHECK: return %[[C]], %[[L]]
func.func @fuse_hardswish(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %cb: tensor<4xf32>,
                          %v: tensor<1x8xf32>, %m: tensor<3x8xf32>, %b: tensor<3xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<1x3xf32>) {
  %c = mnv3.conv2d %x, %w, %cb stride [2, 2] pad [1, 1] : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32> -> tensor<1x4x4x4xf32>
  %ca = mnv3.hardswish %c : tensor<1x4x4x4xf32>
  %l = mnv3.linear %v, %m, %b : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %la = mnv3.hardswish %l : tensor<1x3xf32>
  return %ca, %la : tensor<1x4x4x4xf32>, tensor<1x3xf32>
}

// -----

// A depthwise conv keeps groups and dilation.
// CHECK-LABEL: func.func @fuse_hardsigmoid
// CHECK-NOT: mnv3.hardsigmoid
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} pad [2, 2] dilation [2, 2] groups 2 act hardsigmoid :
// CHECK-NOT: mnv3.hardsigmoid
// CHECK: %[[L:.*]] = mnv3.linear %{{.*}}, %{{.*}}, %{{.*}} act hardsigmoid :
// CHECK-NOT: mnv3.hardsigmoid
// CHECK: return %[[C]], %[[L]]
func.func @fuse_hardsigmoid(%x: tensor<1x2x4x4xf32>, %w: tensor<2x1x3x3xf32>,
                            %v: tensor<1x8xf32>, %m: tensor<3x8xf32>, %b: tensor<3xf32>)
    -> (tensor<1x2x4x4xf32>, tensor<1x3xf32>) {
  %c = mnv3.conv2d %x, %w pad [2, 2] dilation [2, 2] groups 2 : tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32> -> tensor<1x2x4x4xf32>
  %ca = mnv3.hardsigmoid %c : tensor<1x2x4x4xf32>
  %l = mnv3.linear %v, %m, %b : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %la = mnv3.hardsigmoid %l : tensor<1x3xf32>
  return %ca, %la : tensor<1x2x4x4xf32>, tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @fuse_sigmoid
// CHECK-NOT: mnv3.sigmoid
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} act sigmoid :
// CHECK-NOT: mnv3.sigmoid
// CHECK: %[[L:.*]] = mnv3.linear %{{.*}}, %{{.*}}, %{{.*}} act sigmoid :
// CHECK-NOT: mnv3.sigmoid
// CHECK: return %[[C]], %[[L]]
func.func @fuse_sigmoid(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x1x1xf32>,
                        %v: tensor<1x8xf32>, %m: tensor<3x8xf32>, %b: tensor<3xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<1x3xf32>) {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32> -> tensor<1x4x4x4xf32>
  %ca = mnv3.sigmoid %c : tensor<1x4x4x4xf32>
  %l = mnv3.linear %v, %m, %b : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %la = mnv3.sigmoid %l : tensor<1x3xf32>
  return %ca, %la : tensor<1x4x4x4xf32>, tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @fuse_swish
// CHECK-NOT: mnv3.swish
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} act swish :
// CHECK-NOT: mnv3.swish
// CHECK: %[[L:.*]] = mnv3.linear %{{.*}}, %{{.*}}, %{{.*}} act swish :
// CHECK-NOT: mnv3.swish
// CHECK: return %[[C]], %[[L]]
func.func @fuse_swish(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x1x1xf32>,
                      %v: tensor<1x8xf32>, %m: tensor<3x8xf32>, %b: tensor<3xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<1x3xf32>) {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32> -> tensor<1x4x4x4xf32>
  %ca = mnv3.swish %c : tensor<1x4x4x4xf32>
  %l = mnv3.linear %v, %m, %b : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %la = mnv3.swish %l : tensor<1x3xf32>
  return %ca, %la : tensor<1x4x4x4xf32>, tensor<1x3xf32>
}

// -----

// A chain of convs fuses each link; the fused op carries both names in its
// location, so `mnv3c run --dump features.0.2=...` still finds it.
// CHECK-LABEL: func.func @fuse_chain
// CHECK: %[[A:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} act hardswish :
// CHECK: %[[B:.*]] = mnv3.conv2d %[[A]], %{{.*}} act relu :
// CHECK-NOT: mnv3.hardswish
// CHECK-NOT: mnv3.relu
// CHECK: return %[[B]]
// LOC-LABEL: func.func @fuse_chain
// LOC: mnv3.conv2d {{.*}} act hardswish {{.*}} loc(#[[L0:loc[0-9]*]])
// LOC: mnv3.conv2d {{.*}} act relu {{.*}} loc(#[[L1:loc[0-9]*]])
// LOC-DAG: #[[CONV0:loc[0-9]*]] = loc("features.0.0")
// LOC-DAG: #[[ACT0:loc[0-9]*]] = loc("features.0.2")
// LOC-DAG: #[[CONV1:loc[0-9]*]] = loc("features.1.block.0.0")
// LOC-DAG: #[[ACT1:loc[0-9]*]] = loc("features.1.block.0.2")
// LOC-DAG: #[[L0]] = loc(fused[#[[CONV0]], #[[ACT0]]])
// LOC-DAG: #[[L1]] = loc(fused[#[[CONV1]], #[[ACT1]]])
func.func @fuse_chain(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32> loc("features.0.0")
  %ca = mnv3.hardswish %c : tensor<1x2x4x4xf32> loc("features.0.2")
  %d = mnv3.conv2d %ca, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32> loc("features.1.block.0.0")
  %da = mnv3.relu %d : tensor<1x2x4x4xf32> loc("features.1.block.0.2")
  return %da : tensor<1x2x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Look-alikes that must stay as they are
//===----------------------------------------------------------------------===//

// -----

// The conv's raw output has a second user (the residual path): fusing would
// hand it the activated value.
// CHECK-LABEL: func.func @no_fuse_producer_two_users
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} :
// CHECK: %[[A:.*]] = mnv3.relu %[[C]]
// CHECK: %[[L:.*]] = mnv3.linear %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK: %[[LA:.*]] = mnv3.hardswish %[[L]]
// CHECK: return %[[A]], %[[C]], %[[LA]], %[[L]]
func.func @no_fuse_producer_two_users(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>,
                                      %v: tensor<1x8xf32>, %m: tensor<3x8xf32>, %b: tensor<3xf32>)
    -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>) {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %a = mnv3.relu %c : tensor<1x2x4x4xf32>
  %l = mnv3.linear %v, %m, %b : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %la = mnv3.hardswish %l : tensor<1x3xf32>
  return %a, %c, %la, %l : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>
}

// -----

// Two different activations of one conv: neither may take it.
// CHECK-LABEL: func.func @no_fuse_two_activations_of_one_producer
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} :
// CHECK-DAG: mnv3.relu %[[C]]
// CHECK-DAG: mnv3.hardswish %[[C]]
func.func @no_fuse_two_activations_of_one_producer(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>)
    -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %a = mnv3.relu %c : tensor<1x2x4x4xf32>
  %h = mnv3.hardswish %c : tensor<1x2x4x4xf32>
  return %a, %h : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// The producer already has an activation: act2(act1(x)) is not one `act`.
// CHECK-LABEL: func.func @no_fuse_producer_already_activated
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} act relu :
// CHECK: %[[A:.*]] = mnv3.hardswish %[[C]]
// CHECK: %[[L:.*]] = mnv3.linear %{{.*}}, %{{.*}}, %{{.*}} act hardswish :
// CHECK: %[[LA:.*]] = mnv3.sigmoid %[[L]]
// CHECK: return %[[A]], %[[LA]]
func.func @no_fuse_producer_already_activated(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>,
                                              %v: tensor<1x8xf32>, %m: tensor<3x8xf32>, %b: tensor<3xf32>)
    -> (tensor<1x2x4x4xf32>, tensor<1x3xf32>) {
  %c = mnv3.conv2d %x, %w act relu : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %a = mnv3.hardswish %c : tensor<1x2x4x4xf32>
  %l = mnv3.linear %v, %m, %b act hardswish : tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %la = mnv3.sigmoid %l : tensor<1x3xf32>
  return %a, %la : tensor<1x2x4x4xf32>, tensor<1x3xf32>
}

// -----

// Two standalone activations in a row: the first fuses, the second then
// sees an activated producer and stays.
// CHECK-LABEL: func.func @fuse_first_of_two_activations
// CHECK: %[[C:.*]] = mnv3.conv2d %{{.*}}, %{{.*}} act relu :
// CHECK: %[[A:.*]] = mnv3.relu6 %[[C]]
// CHECK: return %[[A]]
func.func @fuse_first_of_two_activations(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %c = mnv3.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %a = mnv3.relu %c : tensor<1x2x4x4xf32>
  %b = mnv3.relu6 %a : tensor<1x2x4x4xf32>
  return %b : tensor<1x2x4x4xf32>
}

// -----

// An activation of a function (block) argument has no producer.
// CHECK-LABEL: func.func @no_fuse_block_argument
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK: %[[A:.*]] = mnv3.hardswish %[[X]]
// CHECK: return %[[A]]
func.func @no_fuse_block_argument(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %a = mnv3.hardswish %x : tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// Producers other than conv2d and linear: add, batch_norm, mul,
// global_avg_pool. None of them has an `act` to take the activation.
// CHECK-LABEL: func.func @no_fuse_other_producers
// CHECK: %[[S:.*]] = mnv3.add
// CHECK: mnv3.relu %[[S]]
// CHECK: %[[N:.*]] = mnv3.batch_norm
// CHECK: mnv3.hardswish %[[N]]
// CHECK: %[[M:.*]] = mnv3.mul
// CHECK: mnv3.relu6 %[[M]]
// CHECK: %[[P:.*]] = mnv3.global_avg_pool
// CHECK: mnv3.hardsigmoid %[[P]]
func.func @no_fuse_other_producers(%x: tensor<1x2x4x4xf32>, %g: tensor<1x2x1x1xf32>, %p: tensor<2xf32>)
    -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) {
  %s = mnv3.add %x, %x : tensor<1x2x4x4xf32>
  %sa = mnv3.relu %s : tensor<1x2x4x4xf32>
  %n = mnv3.batch_norm %x, %p, %p, %p, %p eps 1.0e-3 : tensor<1x2x4x4xf32>, tensor<2xf32>
  %na = mnv3.hardswish %n : tensor<1x2x4x4xf32>
  %m = mnv3.mul %x, %g : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
  %ma = mnv3.relu6 %m : tensor<1x2x4x4xf32>
  %pool = mnv3.global_avg_pool %x : tensor<1x2x4x4xf32> -> tensor<1x2x1x1xf32>
  %pa = mnv3.hardsigmoid %pool : tensor<1x2x1x1xf32>
  return %sa, %na, %ma, %pa : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
}
