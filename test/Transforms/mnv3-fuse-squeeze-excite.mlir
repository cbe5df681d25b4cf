// mnv3-fuse-squeeze-excite: torchvision's SqueezeExcitation,
//   mul(x, gate(conv2(act(conv1(global_avg_pool(x))))))
// with 1x1 biased unit-stride convs, act != none and gate hardsigmoid or
// sigmoid, becomes one mnv3.se. Activations may be standalone ops (straight
// from the importer) or already fused into the convs (after
// mnv3-fuse-activation). x: 8 channels, squeeze: 4.

// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(mnv3-fuse-squeeze-excite))' | FileCheck %s
// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(mnv3-fuse-squeeze-excite))' --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

//===----------------------------------------------------------------------===//
// Fusions
//===----------------------------------------------------------------------===//

// As imported: every activation is its own op. relu and hardsigmoid are the
// defaults of mnv3.se and are not printed.
// CHECK-LABEL: func.func @se_standalone_activations
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W1:.*]]: tensor<4x8x1x1xf32>, %[[B1:.*]]: tensor<4xf32>, %[[W2:.*]]: tensor<8x4x1x1xf32>, %[[B2:.*]]: tensor<8xf32>)
// CHECK-NEXT: %[[Y:.*]] = mnv3.se %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] : tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>, tensor<4xf32>, tensor<8x4x1x1xf32>, tensor<8xf32>
// CHECK-NEXT: return %[[Y]]
// LOC-LABEL: func.func @se_standalone_activations
// LOC: mnv3.se {{.*}} loc(#[[SE:loc[0-9]*]])
// LOC-DAG: #[[POOL:loc[0-9]*]] = loc("features.4.block.2.avgpool")
// LOC-DAG: #[[FC1:loc[0-9]*]] = loc("features.4.block.2.fc1")
// LOC-DAG: #[[ACT:loc[0-9]*]] = loc("features.4.block.2.activation")
// LOC-DAG: #[[FC2:loc[0-9]*]] = loc("features.4.block.2.fc2")
// LOC-DAG: #[[GATE:loc[0-9]*]] = loc("features.4.block.2.scale_activation")
// LOC-DAG: #[[MUL:loc[0-9]*]] = loc("features.4.block.2")
// LOC-DAG: #[[SE]] = loc(fused[#[[POOL]], #[[FC1]], #[[FC2]], #[[MUL]], #[[ACT]], #[[GATE]]])
func.func @se_standalone_activations(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                     %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32> loc("features.4.block.2.avgpool")
  %s = mnv3.conv2d %p, %w1, %b1 : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32> loc("features.4.block.2.fc1")
  %sa = mnv3.relu %s : tensor<1x4x1x1xf32> loc("features.4.block.2.activation")
  %e = mnv3.conv2d %sa, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32> loc("features.4.block.2.fc2")
  %g = mnv3.hardsigmoid %e : tensor<1x8x1x1xf32> loc("features.4.block.2.scale_activation")
  %y = mnv3.mul %x, %g : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32> loc("features.4.block.2")
  return %y : tensor<1x8x4x4xf32>
}

// -----

// After mnv3-fuse-activation: the activations live in the convs.
// CHECK-LABEL: func.func @se_fused_activations
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W1:.*]]: tensor<4x8x1x1xf32>, %[[B1:.*]]: tensor<4xf32>, %[[W2:.*]]: tensor<8x4x1x1xf32>, %[[B2:.*]]: tensor<8xf32>)
// CHECK-NEXT: %[[Y:.*]] = mnv3.se %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] : tensor<1x8x4x4xf32>,
// CHECK-NEXT: return %[[Y]]
func.func @se_fused_activations(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %e : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// One activation fused, the other standalone, both ways round.
// CHECK-LABEL: func.func @se_mixed_activations
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W1:.*]]: tensor<4x8x1x1xf32>, %[[B1:.*]]: tensor<4xf32>, %[[W2:.*]]: tensor<8x4x1x1xf32>, %[[B2:.*]]: tensor<8xf32>)
// CHECK-NEXT: %[[Y:.*]] = mnv3.se %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] act hardswish :
// CHECK-NEXT: %[[Z:.*]] = mnv3.se %[[Y]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] gate sigmoid :
// CHECK-NEXT: return %[[Z]]
func.func @se_mixed_activations(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act hardswish : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g = mnv3.hardsigmoid %e : tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %g : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>

  %p2 = mnv3.global_avg_pool %y : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s2 = mnv3.conv2d %p2, %w1, %b1 : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %sa2 = mnv3.relu %s2 : tensor<1x4x1x1xf32>
  %e2 = mnv3.conv2d %sa2, %w2, %b2 act sigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %z = mnv3.mul %y, %e2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %z : tensor<1x8x4x4xf32>
}

// -----

// The sigmoid gate of EfficientNet-style rows, with a swish squeeze.
// CHECK-LABEL: func.func @se_sigmoid_gate
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W1:.*]]: tensor<4x8x1x1xf32>, %[[B1:.*]]: tensor<4xf32>, %[[W2:.*]]: tensor<8x4x1x1xf32>, %[[B2:.*]]: tensor<8xf32>)
// CHECK-NEXT: %[[Y:.*]] = mnv3.se %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] act swish gate sigmoid :
// CHECK-NEXT: return %[[Y]]
func.func @se_sigmoid_gate(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                           %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %sa = mnv3.swish %s : tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %sa, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g = mnv3.sigmoid %e : tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %g : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// In its block: x is the depthwise output and has two users (the pool and
// the multiply), which is fine; the weights are constants and stay operands.
// CHECK-LABEL: func.func @se_in_block
// CHECK-DAG: %[[W1:.*]] = mnv3.constant dense<1.000000e+00> : tensor<4x8x1x1xf32>
// CHECK-DAG: %[[B1:.*]] = mnv3.constant dense<2.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[W2:.*]] = mnv3.constant dense<3.000000e+00> : tensor<8x4x1x1xf32>
// CHECK-DAG: %[[B2:.*]] = mnv3.constant dense<4.000000e+00> : tensor<8xf32>
// CHECK: %[[D:.*]] = mnv3.conv2d %{{.*}}, %{{.*}}, %{{.*}} pad [1, 1] groups 8 act hardswish :
// CHECK-NEXT: %[[S:.*]] = mnv3.se %[[D]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] :
// CHECK-NEXT: %[[P:.*]] = mnv3.conv2d %[[S]], %{{.*}}, %{{.*}} :
// CHECK-NEXT: return %[[P]]
func.func @se_in_block(%x: tensor<1x8x4x4xf32>, %dw: tensor<8x1x3x3xf32>, %dwb: tensor<8xf32>,
                       %pw: tensor<8x8x1x1xf32>, %pwb: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %d = mnv3.conv2d %x, %dw, %dwb pad [1, 1] groups 8 act hardswish : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %w1 = mnv3.constant dense<1.0> : tensor<4x8x1x1xf32>
  %b1 = mnv3.constant dense<2.0> : tensor<4xf32>
  %w2 = mnv3.constant dense<3.0> : tensor<8x4x1x1xf32>
  %b2 = mnv3.constant dense<4.0> : tensor<8xf32>
  %p = mnv3.global_avg_pool %d : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %y = mnv3.mul %d, %e : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  %o = mnv3.conv2d %y, %pw, %pwb : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  return %o : tensor<1x8x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Look-alikes that must stay as they are
//===----------------------------------------------------------------------===//

// -----

// A relu gate (standalone, then fused) is not squeeze-excite.
// CHECK-LABEL: func.func @no_se_relu_gate
// CHECK-NOT: mnv3.se
// CHECK: mnv3.global_avg_pool
// CHECK: mnv3.relu
// CHECK: mnv3.mul
// CHECK: mnv3.global_avg_pool
// CHECK: mnv3.conv2d {{.*}} act relu :
// CHECK: mnv3.mul
// CHECK-NOT: mnv3.se
func.func @no_se_relu_gate(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                           %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g = mnv3.relu %e : tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %g : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  %p2 = mnv3.global_avg_pool %y : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s2 = mnv3.conv2d %p2, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e2 = mnv3.conv2d %s2, %w2, %b2 act relu : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %z = mnv3.mul %y, %e2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y, %z : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

// -----

// Other gates: hard-swish, and no gate at all (fc2 without activation).
// CHECK-LABEL: func.func @no_se_other_gates
// CHECK-NOT: mnv3.se
// CHECK: mnv3.conv2d {{.*}} act hardswish :
// CHECK: mnv3.mul
// CHECK: %[[E:.*]] = mnv3.conv2d %{{[^ ]*}}, %{{[^ ]*}}, %{{[^ ]*}} : tensor<1x4x1x1xf32>
// CHECK: mnv3.mul %{{.*}}, %[[E]]
// CHECK-NOT: mnv3.se
func.func @no_se_other_gates(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                             %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act hardswish : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %e : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  %p2 = mnv3.global_avg_pool %y : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s2 = mnv3.conv2d %p2, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e2 = mnv3.conv2d %s2, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %z = mnv3.mul %y, %e2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y, %z : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

// -----

// The pool reads another tensor than the one multiplied: an attention of x
// by statistics of w.
// CHECK-LABEL: func.func @no_se_pool_of_other_tensor
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[V:.*]]: tensor<1x8x4x4xf32>,
// CHECK-NOT: mnv3.se
// CHECK: mnv3.global_avg_pool %[[V]]
// CHECK: %[[G:.*]] = mnv3.conv2d {{.*}} act hardsigmoid :
// CHECK: mnv3.mul %[[X]], %[[G]]
// CHECK-NOT: mnv3.se
func.func @no_se_pool_of_other_tensor(%x: tensor<1x8x4x4xf32>, %v: tensor<1x8x4x4xf32>,
                                      %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                      %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %p = mnv3.global_avg_pool %v : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %e : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// The multiply's scale is not the gate (an argument; a pool of x, hardsigmoid
// of it, with no convs at all), while a complete gate is computed beside it.
// CHECK-LABEL: func.func @no_se_mul_by_other_scale
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[K:.*]]: tensor<1x8x1x1xf32>,
// CHECK-NOT: mnv3.se
// CHECK: %[[G:.*]] = mnv3.conv2d {{.*}} act hardsigmoid :
// CHECK: %[[Y:.*]] = mnv3.mul %[[X]], %[[K]]
// CHECK: %[[H:.*]] = mnv3.hardsigmoid
// CHECK: %[[Z:.*]] = mnv3.mul %[[X]], %[[H]]
// CHECK: return %[[Y]], %[[Z]], %[[G]]
func.func @no_se_mul_by_other_scale(%x: tensor<1x8x4x4xf32>, %k: tensor<1x8x1x1xf32>,
                                    %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                    %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>)
    -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %k : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  %p2 = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %h = mnv3.hardsigmoid %p2 : tensor<1x8x1x1xf32>
  %z = mnv3.mul %x, %h : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y, %z, %e : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
}

// -----

// The gate has a second user (fused and standalone forms): mnv3.se would
// hide it.
// CHECK-LABEL: func.func @no_se_gate_second_user
// CHECK-NOT: mnv3.se
// CHECK: %[[E:.*]] = mnv3.conv2d {{.*}} act hardsigmoid :
// CHECK: %[[Y:.*]] = mnv3.mul %{{.*}}, %[[E]]
// CHECK: %[[G:.*]] = mnv3.hardsigmoid
// CHECK: %[[Z:.*]] = mnv3.mul %{{.*}}, %[[G]]
// CHECK: return %[[Y]], %[[E]], %[[Z]], %[[G]]
func.func @no_se_gate_second_user(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                  %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>)
    -> (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %e : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  %p2 = mnv3.global_avg_pool %y : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s2 = mnv3.conv2d %p2, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e2 = mnv3.conv2d %s2, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g2 = mnv3.hardsigmoid %e2 : tensor<1x8x1x1xf32>
  %z = mnv3.mul %y, %g2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y, %e, %z, %g2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
}

// -----

// Inner values with a second user: the pool, the squeeze conv, the gate's
// conv under a standalone gate.
// CHECK-LABEL: func.func @no_se_inner_second_users
// CHECK-NOT: mnv3.se
// CHECK-COUNT-3: mnv3.mul
// CHECK-NOT: mnv3.se
func.func @no_se_inner_second_users(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                    %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>)
    -> (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>, tensor<1x4x1x1xf32>,
        tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %e : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>

  %p2 = mnv3.global_avg_pool %y : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s2 = mnv3.conv2d %p2, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e2 = mnv3.conv2d %s2, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %z = mnv3.mul %y, %e2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>

  %p3 = mnv3.global_avg_pool %z : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s3 = mnv3.conv2d %p3, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e3 = mnv3.conv2d %s3, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g3 = mnv3.hardsigmoid %e3 : tensor<1x8x1x1xf32>
  %v = mnv3.mul %z, %g3 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y, %p, %z, %s2, %v, %e3 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>, tensor<1x4x1x1xf32>,
                                    tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
}

// -----

// No activation between the convs (standalone gate, then fused gate): two
// affine maps in a row are not the SE bottleneck.
// CHECK-LABEL: func.func @no_se_missing_inner_activation
// CHECK-NOT: mnv3.se
// CHECK-COUNT-2: mnv3.mul
// CHECK-NOT: mnv3.se
func.func @no_se_missing_inner_activation(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                          %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g = mnv3.hardsigmoid %e : tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %g : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  %p2 = mnv3.global_avg_pool %y : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s2 = mnv3.conv2d %p2, %w1, %b1 : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e2 = mnv3.conv2d %s2, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %z = mnv3.mul %y, %e2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %z : tensor<1x8x4x4xf32>
}

// -----

// Two activations in a row (fused relu and a standalone gate after a fused
// act): act2(act1(conv)) is not a gate.
// CHECK-LABEL: func.func @no_se_two_activations_in_a_row
// CHECK-NOT: mnv3.se
// CHECK: mnv3.conv2d {{.*}} act relu :
// CHECK: mnv3.hardsigmoid
// CHECK: mnv3.mul
// CHECK: mnv3.conv2d {{.*}} act relu :
// CHECK: mnv3.relu6
// CHECK: mnv3.mul
// CHECK-NOT: mnv3.se
func.func @no_se_two_activations_in_a_row(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                          %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act relu : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g = mnv3.hardsigmoid %e : tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %g : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  %p2 = mnv3.global_avg_pool %y : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s2 = mnv3.conv2d %p2, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %sa2 = mnv3.relu6 %s2 : tensor<1x4x1x1xf32>
  %e2 = mnv3.conv2d %sa2, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %z = mnv3.mul %y, %e2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %z : tensor<1x8x4x4xf32>
}

// -----

// Convs that are not 1x1 unit-stride dense (a 3x3 squeeze padded to keep
// the 1x1 map, a grouped excite, a strided squeeze), and convs without bias.
// CHECK-LABEL: func.func @no_se_not_pointwise_or_unbiased
// CHECK-NOT: mnv3.se
// CHECK-COUNT-4: mnv3.mul
// CHECK-NOT: mnv3.se
func.func @no_se_not_pointwise_or_unbiased(%x: tensor<1x8x4x4xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                                           %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>,
                                           %w1k3: tensor<4x8x3x3xf32>, %w2g: tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1k3, %b1 pad [1, 1] act relu : tensor<1x8x1x1xf32>, tensor<4x8x3x3xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %s, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %e : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>

  %p2 = mnv3.global_avg_pool %y : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s2 = mnv3.conv2d %p2, %w1, %b1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e2 = mnv3.conv2d %s2, %w2g, %b2 groups 2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x2x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %z = mnv3.mul %y, %e2 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>

  %p3 = mnv3.global_avg_pool %z : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s3 = mnv3.conv2d %p3, %w1, %b1 stride [2, 2] act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %e3 = mnv3.conv2d %s3, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %v = mnv3.mul %z, %e3 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>

  %p4 = mnv3.global_avg_pool %v : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %s4 = mnv3.conv2d %p4, %w1 act relu : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32> -> tensor<1x4x1x1xf32>
  %e4 = mnv3.conv2d %s4, %w2, %b2 act hardsigmoid : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %u = mnv3.mul %v, %e4 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %u : tensor<1x8x4x4xf32>
}
