// Every mnv3 op parses, verifies and prints in its custom form, and the
// printed form parses back to the same IR. The second RUN goes through the
// generic form (--mlir-print-op-generic) and must print the same custom form,
// so the custom printer and parser lose no attribute on the way.
// The third RUN pins how the attributes are stored in the generic form.

// RUN: mnv3-opt %s | mnv3-opt | FileCheck %s
// RUN: mnv3-opt %s --mlir-print-op-generic | mnv3-opt | FileCheck %s
// RUN: mnv3-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

//===----------------------------------------------------------------------===//
// mnv3.constant
//===----------------------------------------------------------------------===//

// A splat/dense elements value, a resource with a blob (the blob itself
// round-trips through the file's dialect_resources section) and a resource
// without a blob: the placeholder `mnv3c import` prints before binding.
// CHECK-LABEL: func.func @constants
// CHECK: mnv3.constant dense<1.500000e+00> : tensor<4xf32>
// CHECK: mnv3.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: mnv3.constant dense_resource<two_floats> : tensor<2xf32>
// CHECK: mnv3.constant dense_resource<features.0.0.weight> : tensor<16x3x3x3xf32>
// GENERIC-LABEL: sym_name = "constants"
// GENERIC: "mnv3.constant"() <{value = dense<1.500000e+00> : tensor<4xf32>}> : () -> tensor<4xf32>
func.func @constants() -> (tensor<4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<16x3x3x3xf32>) {
  %splat = mnv3.constant dense<1.5> : tensor<4xf32>
  %dense = mnv3.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %blob = mnv3.constant dense_resource<two_floats> : tensor<2xf32>
  %placeholder = mnv3.constant dense_resource<features.0.0.weight> : tensor<16x3x3x3xf32>
  return %splat, %dense, %blob, %placeholder : tensor<4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<16x3x3x3xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.conv2d
//===----------------------------------------------------------------------===//

// Defaults (stride 1, pad 0, dilation 1, groups 1, act none) are not printed.
// CHECK-LABEL: func.func @conv2d_plain
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<16x3x1x1xf32>)
// CHECK: mnv3.conv2d %[[X]], %[[W]] : tensor<1x3x8x8xf32>, tensor<16x3x1x1xf32> -> tensor<1x16x8x8xf32>
// GENERIC-LABEL: sym_name = "conv2d_plain"
// GENERIC: "mnv3.conv2d"(%{{.*}}, %{{.*}}) <{act = 0 : i32, dilations = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 0, 0>, strides = array<i64: 1, 1>}>
func.func @conv2d_plain(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x1x1xf32>) -> tensor<1x16x8x8xf32> {
  %y = mnv3.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<16x3x1x1xf32> -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// Writing the defaults explicitly gives the same op.
// CHECK-LABEL: func.func @conv2d_explicit_defaults
// CHECK: mnv3.conv2d %{{.*}}, %{{.*}} : tensor<1x3x8x8xf32>, tensor<16x3x1x1xf32> -> tensor<1x16x8x8xf32>
func.func @conv2d_explicit_defaults(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x1x1xf32>) -> tensor<1x16x8x8xf32> {
  %y = mnv3.conv2d %x, %w stride [1, 1] pad [0, 0] dilation [1, 1] groups 1 act none : tensor<1x3x8x8xf32>, tensor<16x3x1x1xf32> -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// The stem: stride 2, pad 1, with bias and a fused activation.
// CHECK-LABEL: func.func @conv2d_bias_stride_act
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x224x224xf32>, %[[W:.*]]: tensor<16x3x3x3xf32>, %[[B:.*]]: tensor<16xf32>)
// CHECK: mnv3.conv2d %[[X]], %[[W]], %[[B]] stride [2, 2] pad [1, 1] act hardswish : tensor<1x3x224x224xf32>, tensor<16x3x3x3xf32>, tensor<16xf32> -> tensor<1x16x112x112xf32>
// GENERIC-LABEL: sym_name = "conv2d_bias_stride_act"
// GENERIC: "mnv3.conv2d"(%{{.*}}, %{{.*}}, %{{.*}}) <{act = 3 : i32, dilations = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>}>
func.func @conv2d_bias_stride_act(%x: tensor<1x3x224x224xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x112x112xf32> {
  %y = mnv3.conv2d %x, %w, %b stride [2, 2] pad [1, 1] act hardswish : tensor<1x3x224x224xf32>, tensor<16x3x3x3xf32>, tensor<16xf32> -> tensor<1x16x112x112xf32>
  return %y : tensor<1x16x112x112xf32>
}

// Depthwise (groups = channels) with dilation 2, "same" padding 2*(5-1)/2.
// CHECK-LABEL: func.func @conv2d_depthwise_dilated
// CHECK: mnv3.conv2d %{{.*}}, %{{.*}} pad [4, 4] dilation [2, 2] groups 32 act relu : tensor<1x32x14x14xf32>, tensor<32x1x5x5xf32> -> tensor<1x32x14x14xf32>
func.func @conv2d_depthwise_dilated(%x: tensor<1x32x14x14xf32>, %w: tensor<32x1x5x5xf32>) -> tensor<1x32x14x14xf32> {
  %y = mnv3.conv2d %x, %w pad [4, 4] dilation [2, 2] groups 32 act relu : tensor<1x32x14x14xf32>, tensor<32x1x5x5xf32> -> tensor<1x32x14x14xf32>
  return %y : tensor<1x32x14x14xf32>
}

// Grouped (neither dense nor depthwise), asymmetric stride and padding.
// CHECK-LABEL: func.func @conv2d_grouped_asymmetric
// CHECK: mnv3.conv2d %{{.*}}, %{{.*}} stride [2, 1] pad [1, 0] groups 2 act relu6 : tensor<1x8x9x9xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x5x7xf32>
func.func @conv2d_grouped_asymmetric(%x: tensor<1x8x9x9xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x5x7xf32> {
  %y = mnv3.conv2d %x, %w stride [2, 1] pad [1, 0] groups 2 act relu6 : tensor<1x8x9x9xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x5x7xf32>
  return %y : tensor<1x4x5x7xf32>
}

// Each value of the activation enum as a fused conv2d activation.
// CHECK-LABEL: func.func @conv2d_each_act
// CHECK: mnv3.conv2d {{.*}} act relu :
// CHECK: mnv3.conv2d {{.*}} act relu6 :
// CHECK: mnv3.conv2d {{.*}} act hardswish :
// CHECK: mnv3.conv2d {{.*}} act hardsigmoid :
// CHECK: mnv3.conv2d {{.*}} act sigmoid :
// CHECK: mnv3.conv2d {{.*}} act swish :
func.func @conv2d_each_act(%x: tensor<1x4x2x2xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x2x2xf32> {
  %0 = mnv3.conv2d %x, %w act relu : tensor<1x4x2x2xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x2x2xf32>
  %1 = mnv3.conv2d %0, %w act relu6 : tensor<1x4x2x2xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x2x2xf32>
  %2 = mnv3.conv2d %1, %w act hardswish : tensor<1x4x2x2xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x2x2xf32>
  %3 = mnv3.conv2d %2, %w act hardsigmoid : tensor<1x4x2x2xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x2x2xf32>
  %4 = mnv3.conv2d %3, %w act sigmoid : tensor<1x4x2x2xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x2x2xf32>
  %5 = mnv3.conv2d %4, %w act swish : tensor<1x4x2x2xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x2x2xf32>
  return %5 : tensor<1x4x2x2xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.batch_norm and the activation ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x4x4xf32>, %[[S:.*]]: tensor<16xf32>, %[[O:.*]]: tensor<16xf32>, %[[M:.*]]: tensor<16xf32>, %[[V:.*]]: tensor<16xf32>)
// CHECK: mnv3.batch_norm %[[X]], %[[S]], %[[O]], %[[M]], %[[V]] eps 1.000000e-03 : tensor<1x16x4x4xf32>, tensor<16xf32>
// GENERIC-LABEL: sym_name = "batch_norm"
// GENERIC: "mnv3.batch_norm"({{.*}}) <{epsilon = 1.000000e-03 : f32}>
func.func @batch_norm(%x: tensor<1x16x4x4xf32>, %s: tensor<16xf32>, %o: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<1x16x4x4xf32> {
  %y = mnv3.batch_norm %x, %s, %o, %m, %v eps 1.0e-3 : tensor<1x16x4x4xf32>, tensor<16xf32>
  return %y : tensor<1x16x4x4xf32>
}

// Activations take any static f32 tensor (4-D feature maps and 2-D logits).
// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x2x2xf32>, %[[V:.*]]: tensor<1x10xf32>)
// CHECK: %[[R:.*]] = mnv3.relu %[[X]] : tensor<1x8x2x2xf32>
// CHECK: %[[R6:.*]] = mnv3.relu6 %[[R]] : tensor<1x8x2x2xf32>
// CHECK: %[[HS:.*]] = mnv3.hardswish %[[R6]] : tensor<1x8x2x2xf32>
// CHECK: %[[HG:.*]] = mnv3.hardsigmoid %[[HS]] : tensor<1x8x2x2xf32>
// CHECK: %[[SG:.*]] = mnv3.sigmoid %[[HG]] : tensor<1x8x2x2xf32>
// CHECK: mnv3.swish %[[SG]] : tensor<1x8x2x2xf32>
// CHECK: mnv3.hardswish %[[V]] : tensor<1x10xf32>
func.func @activations(%x: tensor<1x8x2x2xf32>, %v: tensor<1x10xf32>) -> (tensor<1x8x2x2xf32>, tensor<1x10xf32>) {
  %0 = mnv3.relu %x : tensor<1x8x2x2xf32>
  %1 = mnv3.relu6 %0 : tensor<1x8x2x2xf32>
  %2 = mnv3.hardswish %1 : tensor<1x8x2x2xf32>
  %3 = mnv3.hardsigmoid %2 : tensor<1x8x2x2xf32>
  %4 = mnv3.sigmoid %3 : tensor<1x8x2x2xf32>
  %5 = mnv3.swish %4 : tensor<1x8x2x2xf32>
  %6 = mnv3.hardswish %v : tensor<1x10xf32>
  return %5, %6 : tensor<1x8x2x2xf32>, tensor<1x10xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.add, mnv3.mul, mnv3.global_avg_pool, mnv3.flatten, mnv3.linear
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add
// CHECK-SAME: (%[[A:.*]]: tensor<1x8x2x2xf32>, %[[B:.*]]: tensor<1x8x2x2xf32>)
// CHECK: mnv3.add %[[A]], %[[B]] : tensor<1x8x2x2xf32>
func.func @add(%a: tensor<1x8x2x2xf32>, %b: tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32> {
  %y = mnv3.add %a, %b : tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// The squeeze-excite gate: a [N, C, 1, 1] scale broadcast over H and W.
// CHECK-LABEL: func.func @mul
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[S:.*]]: tensor<1x8x1x1xf32>)
// CHECK: mnv3.mul %[[X]], %[[S]] : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
func.func @mul(%x: tensor<1x8x4x4xf32>, %s: tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %y = mnv3.mul %x, %s : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y : tensor<1x8x4x4xf32>
}

// The classifier: pool, flatten, linear with and without an activation.
// CHECK-LABEL: func.func @classifier
// CHECK-SAME: (%[[X:.*]]: tensor<1x960x7x7xf32>, %[[W1:.*]]: tensor<1280x960xf32>, %[[B1:.*]]: tensor<1280xf32>, %[[W2:.*]]: tensor<1000x1280xf32>, %[[B2:.*]]: tensor<1000xf32>)
// CHECK: %[[P:.*]] = mnv3.global_avg_pool %[[X]] : tensor<1x960x7x7xf32> -> tensor<1x960x1x1xf32>
// CHECK: %[[F:.*]] = mnv3.flatten %[[P]] : tensor<1x960x1x1xf32> -> tensor<1x960xf32>
// CHECK: %[[H:.*]] = mnv3.linear %[[F]], %[[W1]], %[[B1]] act hardswish : tensor<1x960xf32>, tensor<1280x960xf32>, tensor<1280xf32> -> tensor<1x1280xf32>
// CHECK: mnv3.linear %[[H]], %[[W2]], %[[B2]] : tensor<1x1280xf32>, tensor<1000x1280xf32>, tensor<1000xf32> -> tensor<1x1000xf32>
// GENERIC-LABEL: sym_name = "classifier"
// GENERIC: "mnv3.linear"({{.*}}) <{act = 3 : i32}>
// GENERIC: "mnv3.linear"({{.*}}) <{act = 0 : i32}>
func.func @classifier(%x: tensor<1x960x7x7xf32>, %w1: tensor<1280x960xf32>, %b1: tensor<1280xf32>, %w2: tensor<1000x1280xf32>, %b2: tensor<1000xf32>) -> tensor<1x1000xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x960x7x7xf32> -> tensor<1x960x1x1xf32>
  %f = mnv3.flatten %p : tensor<1x960x1x1xf32> -> tensor<1x960xf32>
  %h = mnv3.linear %f, %w1, %b1 act hardswish : tensor<1x960xf32>, tensor<1280x960xf32>, tensor<1280xf32> -> tensor<1x1280xf32>
  %y = mnv3.linear %h, %w2, %b2 : tensor<1x1280xf32>, tensor<1000x1280xf32>, tensor<1000xf32> -> tensor<1x1000xf32>
  return %y : tensor<1x1000xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.se
//===----------------------------------------------------------------------===//

// The defaults (act relu, gate hardsigmoid, torchvision's choice) are not
// printed; other activations and gates are.
// CHECK-LABEL: func.func @se
// CHECK-SAME: (%[[X:.*]]: tensor<1x72x28x28xf32>, %[[W1:.*]]: tensor<24x72x1x1xf32>, %[[B1:.*]]: tensor<24xf32>, %[[W2:.*]]: tensor<72x24x1x1xf32>, %[[B2:.*]]: tensor<72xf32>)
// CHECK: %[[D:.*]] = mnv3.se %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] : tensor<1x72x28x28xf32>, tensor<24x72x1x1xf32>, tensor<24xf32>, tensor<72x24x1x1xf32>, tensor<72xf32>
// CHECK: mnv3.se %[[D]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] act swish gate sigmoid : tensor<1x72x28x28xf32>,
// GENERIC-LABEL: sym_name = "se"
// GENERIC: "mnv3.se"({{.*}}) <{act = 1 : i32, gate = 4 : i32}>
// GENERIC: "mnv3.se"({{.*}}) <{act = 6 : i32, gate = 5 : i32}>
func.func @se(%x: tensor<1x72x28x28xf32>, %w1: tensor<24x72x1x1xf32>, %b1: tensor<24xf32>, %w2: tensor<72x24x1x1xf32>, %b2: tensor<72xf32>) -> tensor<1x72x28x28xf32> {
  %d = mnv3.se %x, %w1, %b1, %w2, %b2 act relu gate hardsigmoid : tensor<1x72x28x28xf32>, tensor<24x72x1x1xf32>, tensor<24xf32>, tensor<72x24x1x1xf32>, tensor<72xf32>
  %y = mnv3.se %d, %w1, %b1, %w2, %b2 act swish gate sigmoid : tensor<1x72x28x28xf32>, tensor<24x72x1x1xf32>, tensor<24xf32>, tensor<72x24x1x1xf32>, tensor<72xf32>
  return %y : tensor<1x72x28x28xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.bneck and mnv3.yield
//===----------------------------------------------------------------------===//

// The full block: expansion, depthwise, SE, projection, residual add; the
// weights may live outside the region (captured) or inside it.
// CHECK-LABEL: func.func @bneck_full
// CHECK-SAME: (%[[X:.*]]: tensor<1x40x28x28xf32>
// CHECK: %[[WE:.*]] = mnv3.constant dense_resource<features.5.block.0.0.weight> : tensor<120x40x1x1xf32>
// CHECK: %[[Y:.*]] = mnv3.bneck %[[X]] : tensor<1x40x28x28xf32> -> tensor<1x40x28x28xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x40x28x28xf32>):
// CHECK-NEXT: %[[E:.*]] = mnv3.conv2d %[[IN]], %[[WE]] act relu :
// CHECK-NEXT: %[[WD:.*]] = mnv3.constant dense_resource<features.5.block.1.0.weight> : tensor<120x1x5x5xf32>
// CHECK-NEXT: %[[D:.*]] = mnv3.conv2d %[[E]], %[[WD]] pad [2, 2] groups 120 act relu :
// CHECK-NEXT: %[[S:.*]] = mnv3.se %[[D]],
// CHECK-NEXT: %[[P:.*]] = mnv3.conv2d %[[S]], %{{.*}} : tensor<1x120x28x28xf32>, tensor<40x120x1x1xf32> -> tensor<1x40x28x28xf32>
// CHECK-NEXT: %[[R:.*]] = mnv3.add %[[P]], %[[IN]] : tensor<1x40x28x28xf32>
// CHECK-NEXT: mnv3.yield %[[R]] : tensor<1x40x28x28xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
// GENERIC-LABEL: sym_name = "bneck_full"
// GENERIC: "mnv3.bneck"(%{{.*}}) ({
// GENERIC: "mnv3.yield"(%{{.*}}) : (tensor<1x40x28x28xf32>) -> ()
// GENERIC-NEXT: }) : (tensor<1x40x28x28xf32>) -> tensor<1x40x28x28xf32>
func.func @bneck_full(%x: tensor<1x40x28x28xf32>, %f1: tensor<32x120x1x1xf32>, %b1: tensor<32xf32>, %f2: tensor<120x32x1x1xf32>, %b2: tensor<120xf32>) -> tensor<1x40x28x28xf32> {
  %we = mnv3.constant dense_resource<features.5.block.0.0.weight> : tensor<120x40x1x1xf32>
  %wp = mnv3.constant dense_resource<features.5.block.3.0.weight> : tensor<40x120x1x1xf32>
  %y = mnv3.bneck %x : tensor<1x40x28x28xf32> -> tensor<1x40x28x28xf32> {
  ^bb0(%in: tensor<1x40x28x28xf32>):
    %e = mnv3.conv2d %in, %we act relu : tensor<1x40x28x28xf32>, tensor<120x40x1x1xf32> -> tensor<1x120x28x28xf32>
    %wd = mnv3.constant dense_resource<features.5.block.1.0.weight> : tensor<120x1x5x5xf32>
    %d = mnv3.conv2d %e, %wd pad [2, 2] groups 120 act relu : tensor<1x120x28x28xf32>, tensor<120x1x5x5xf32> -> tensor<1x120x28x28xf32>
    %s = mnv3.se %d, %f1, %b1, %f2, %b2 : tensor<1x120x28x28xf32>, tensor<32x120x1x1xf32>, tensor<32xf32>, tensor<120x32x1x1xf32>, tensor<120xf32>
    %p = mnv3.conv2d %s, %wp : tensor<1x120x28x28xf32>, tensor<40x120x1x1xf32> -> tensor<1x40x28x28xf32>
    %r = mnv3.add %p, %in : tensor<1x40x28x28xf32>
    mnv3.yield %r : tensor<1x40x28x28xf32>
  }
  return %y : tensor<1x40x28x28xf32>
}

// The first block of MobileNetV3-Large: no expansion (starts with the
// depthwise conv), no SE, with the residual written input-first.
// CHECK-LABEL: func.func @bneck_no_expand
// CHECK: mnv3.bneck %{{.*}} : tensor<1x16x112x112xf32> -> tensor<1x16x112x112xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x16x112x112xf32>):
// CHECK-NEXT: %[[D:.*]] = mnv3.conv2d %[[IN]], %{{.*}} pad [1, 1] groups 16 act relu :
// CHECK-NEXT: %[[P:.*]] = mnv3.conv2d %[[D]], %{{.*}} :
// CHECK-NEXT: %[[R:.*]] = mnv3.add %[[IN]], %[[P]] :
// CHECK-NEXT: mnv3.yield %[[R]]
func.func @bneck_no_expand(%x: tensor<1x16x112x112xf32>, %wd: tensor<16x1x3x3xf32>, %wp: tensor<16x16x1x1xf32>) -> tensor<1x16x112x112xf32> {
  %y = mnv3.bneck %x : tensor<1x16x112x112xf32> -> tensor<1x16x112x112xf32> {
  ^bb0(%in: tensor<1x16x112x112xf32>):
    %d = mnv3.conv2d %in, %wd pad [1, 1] groups 16 act relu : tensor<1x16x112x112xf32>, tensor<16x1x3x3xf32> -> tensor<1x16x112x112xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x16x112x112xf32>, tensor<16x16x1x1xf32> -> tensor<1x16x112x112xf32>
    %r = mnv3.add %in, %p : tensor<1x16x112x112xf32>
    mnv3.yield %r : tensor<1x16x112x112xf32>
  }
  return %y : tensor<1x16x112x112xf32>
}

// A stride-2 block that changes the channel count: expansion, depthwise,
// projection, no SE and no residual; the result type differs from the input.
// CHECK-LABEL: func.func @bneck_stride2_no_residual
// CHECK: mnv3.bneck %{{.*}} : tensor<1x16x112x112xf32> -> tensor<1x24x56x56xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x16x112x112xf32>):
// CHECK-NEXT: %[[E:.*]] = mnv3.conv2d %[[IN]], %{{.*}} act relu :
// CHECK-NEXT: %[[D:.*]] = mnv3.conv2d %[[E]], %{{.*}} stride [2, 2] pad [1, 1] groups 64 act relu :
// CHECK-NEXT: %[[P:.*]] = mnv3.conv2d %[[D]], %{{.*}} :
// CHECK-NEXT: mnv3.yield %[[P]] : tensor<1x24x56x56xf32>
func.func @bneck_stride2_no_residual(%x: tensor<1x16x112x112xf32>, %we: tensor<64x16x1x1xf32>, %wd: tensor<64x1x3x3xf32>, %wp: tensor<24x64x1x1xf32>) -> tensor<1x24x56x56xf32> {
  %y = mnv3.bneck %x : tensor<1x16x112x112xf32> -> tensor<1x24x56x56xf32> {
  ^bb0(%in: tensor<1x16x112x112xf32>):
    %e = mnv3.conv2d %in, %we act relu : tensor<1x16x112x112xf32>, tensor<64x16x1x1xf32> -> tensor<1x64x112x112xf32>
    %d = mnv3.conv2d %e, %wd stride [2, 2] pad [1, 1] groups 64 act relu : tensor<1x64x112x112xf32>, tensor<64x1x3x3xf32> -> tensor<1x64x56x56xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x64x56x56xf32>, tensor<24x64x1x1xf32> -> tensor<1x24x56x56xf32>
    mnv3.yield %p : tensor<1x24x56x56xf32>
  }
  return %y : tensor<1x24x56x56xf32>
}

// SE without expansion, the projection with a bias (after batch-norm folding).
// CHECK-LABEL: func.func @bneck_se_no_expand
// CHECK: ^bb0(%[[IN:.*]]: tensor<1x16x56x56xf32>):
// CHECK-NEXT: %[[D:.*]] = mnv3.conv2d %[[IN]], %{{.*}}, %{{.*}} stride [2, 2] pad [1, 1] groups 16 act relu :
// CHECK-NEXT: %[[S:.*]] = mnv3.se %[[D]],
// CHECK-NEXT: %[[P:.*]] = mnv3.conv2d %[[S]], %{{.*}}, %{{.*}} :
// CHECK-NEXT: mnv3.yield %[[P]] : tensor<1x16x28x28xf32>
func.func @bneck_se_no_expand(%x: tensor<1x16x56x56xf32>, %wd: tensor<16x1x3x3xf32>, %bd: tensor<16xf32>,
                              %f1: tensor<8x16x1x1xf32>, %b1: tensor<8xf32>, %f2: tensor<16x8x1x1xf32>, %b2: tensor<16xf32>,
                              %wp: tensor<16x16x1x1xf32>, %bp: tensor<16xf32>) -> tensor<1x16x28x28xf32> {
  %y = mnv3.bneck %x : tensor<1x16x56x56xf32> -> tensor<1x16x28x28xf32> {
  ^bb0(%in: tensor<1x16x56x56xf32>):
    %d = mnv3.conv2d %in, %wd, %bd stride [2, 2] pad [1, 1] groups 16 act relu : tensor<1x16x56x56xf32>, tensor<16x1x3x3xf32>, tensor<16xf32> -> tensor<1x16x28x28xf32>
    %s = mnv3.se %d, %f1, %b1, %f2, %b2 : tensor<1x16x28x28xf32>, tensor<8x16x1x1xf32>, tensor<8xf32>, tensor<16x8x1x1xf32>, tensor<16xf32>
    %p = mnv3.conv2d %s, %wp, %bp : tensor<1x16x28x28xf32>, tensor<16x16x1x1xf32>, tensor<16xf32> -> tensor<1x16x28x28xf32>
    mnv3.yield %p : tensor<1x16x28x28xf32>
  }
  return %y : tensor<1x16x28x28xf32>
}

// The blob of @constants: 4-byte alignment, then 1.0f and 2.0f little-endian.
// CHECK: {-#
// CHECK: dialect_resources: {
// CHECK: builtin: {
// CHECK: two_floats: "0x040000000000803F00000040"
{-#
  dialect_resources: {
    builtin: {
      two_floats: "0x040000000000803F00000040"
    }
  }
#-}
