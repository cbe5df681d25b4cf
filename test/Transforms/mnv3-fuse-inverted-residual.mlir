// mnv3-fuse-inverted-residual: [1x1 expansion with act] -> depthwise with act
// -> [mnv3.se] -> 1x1 projection without act [-> add of the block input]
// becomes one mnv3.bneck whose region keeps the pieces in that order.
// The input is what the earlier passes leave: BatchNorm folded into biases,
// activations fused into the convs, SE fused. Running the pass twice must
// change nothing more (second RUN).
//
// Shapes: block input x [1, 4, 8, 8], expanded 8 channels, SE squeeze 2.

// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(mnv3-fuse-inverted-residual))' | FileCheck %s
// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(mnv3-fuse-inverted-residual,mnv3-fuse-inverted-residual))' | FileCheck %s

//===----------------------------------------------------------------------===//
// Blocks
//===----------------------------------------------------------------------===//

// The full block: expansion, depthwise, SE, projection, residual. Nothing of
// it is left outside the bneck, which yields the residual sum.
// CHECK-LABEL: func.func @bneck_expand_se_residual
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4x8x8xf32>, %[[WE:[^:]*]]: tensor<8x4x1x1xf32>, %[[BE:[^:]*]]: tensor<8xf32>, %[[WD:[^:]*]]: tensor<8x1x3x3xf32>, %[[BD:[^:]*]]: tensor<8xf32>, %[[W1:[^:]*]]: tensor<2x8x1x1xf32>, %[[B1:[^:]*]]: tensor<2xf32>, %[[W2:[^:]*]]: tensor<8x2x1x1xf32>, %[[B2:[^:]*]]: tensor<8xf32>, %[[WP:[^:]*]]: tensor<4x8x1x1xf32>, %[[BP:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT: %[[Y:.*]] = mnv3.bneck %[[X]] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x4x8x8xf32>):
// CHECK-NEXT:   %[[E:.*]] = mnv3.conv2d %[[IN]], %[[WE]], %[[BE]] act hardswish : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
// CHECK-NEXT:   %[[D:.*]] = mnv3.conv2d %[[E]], %[[WD]], %[[BD]] pad [1, 1] groups 8 act hardswish : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
// CHECK-NEXT:   %[[S:.*]] = mnv3.se %[[D]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] : tensor<1x8x8x8xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>
// CHECK-NEXT:   %[[P:.*]] = mnv3.conv2d %[[S]], %[[WP]], %[[BP]] : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
// CHECK-NEXT:   %[[R:.*]] = mnv3.add %[[P]], %[[IN]] : tensor<1x4x8x8xf32>
// CHECK-NEXT:   mnv3.yield %[[R]] : tensor<1x4x8x8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @bneck_expand_se_residual(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                    %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                    %w1: tensor<2x8x1x1xf32>, %b1: tensor<2xf32>, %w2: tensor<8x2x1x1xf32>, %b2: tensor<8xf32>,
                                    %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %e = mnv3.conv2d %x, %we, %be act hardswish : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 act hardswish : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %s = mnv3.se %d, %w1, %b1, %w2, %b2 : tensor<1x8x8x8xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>
  %p = mnv3.conv2d %s, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// The residual add with its operands the other way round (add is commutative).
// CHECK-LABEL: func.func @bneck_residual_commuted
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[Y:.*]] = mnv3.bneck %[[X]] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x4x8x8xf32>):
// CHECK-NEXT:   mnv3.conv2d %[[IN]], {{.*}} act relu :
// CHECK-NEXT:   mnv3.conv2d {{.*}} groups 8 act relu :
// CHECK-NEXT:   %[[P:.*]] = mnv3.conv2d
// CHECK-NEXT:   %[[R:.*]] = mnv3.add %[[IN]], %[[P]] : tensor<1x4x8x8xf32>
// CHECK-NEXT:   mnv3.yield %[[R]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @bneck_residual_commuted(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                   %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                   %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %x, %p : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// No expansion (expanded size == input size, as the first block of
// MobileNetV3-Large): the depthwise reads the block input, which also feeds
// the residual. The stem before it (3x3, activated) stays outside.
// CHECK-LABEL: func.func @bneck_no_expansion
// CHECK-SAME: (%[[IMG:[^:]*]]: tensor<1x3x16x16xf32>
// CHECK: %[[STEM:.*]] = mnv3.conv2d %[[IMG]], {{.*}} stride [2, 2] pad [1, 1] act hardswish :
// CHECK-NEXT: %[[Y:.*]] = mnv3.bneck %[[STEM]] : tensor<1x8x8x8xf32> -> tensor<1x8x8x8xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x8x8x8xf32>):
// CHECK-NEXT:   %[[D:.*]] = mnv3.conv2d %[[IN]], {{.*}} pad [1, 1] groups 8 act relu :
// CHECK-NEXT:   %[[P:.*]] = mnv3.conv2d %[[D]], {{.*}} : tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
// CHECK-NEXT:   %[[R:.*]] = mnv3.add %[[P]], %[[IN]]
// CHECK-NEXT:   mnv3.yield %[[R]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @bneck_no_expansion(%img: tensor<1x3x16x16xf32>, %ws: tensor<8x3x3x3xf32>, %bs: tensor<8xf32>,
                              %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                              %wp: tensor<8x8x1x1xf32>, %bp: tensor<8xf32>) -> tensor<1x8x8x8xf32> {
  %x = mnv3.conv2d %img, %ws, %bs stride [2, 2] pad [1, 1] act hardswish : tensor<1x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %x, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}

// -----

// No SE, with residual.
// CHECK-LABEL: func.func @bneck_no_se
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[Y:.*]] = mnv3.bneck %[[X]] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x4x8x8xf32>):
// CHECK-NEXT:   %[[E:.*]] = mnv3.conv2d %[[IN]], {{.*}} act relu :
// CHECK-NEXT:   %[[D:.*]] = mnv3.conv2d %[[E]], {{.*}} pad [2, 2] groups 8 act relu :
// CHECK-NEXT:   %[[P:.*]] = mnv3.conv2d %[[D]], {{.*}} -> tensor<1x4x8x8xf32>
// CHECK-NEXT:   %[[R:.*]] = mnv3.add %[[P]], %[[IN]]
// CHECK-NEXT:   mnv3.yield %[[R]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
// CHECK-NOT: mnv3.se
func.func @bneck_no_se(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                       %wd: tensor<8x1x5x5xf32>, %bd: tensor<8xf32>,
                       %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [2, 2] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x5x5xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// Stride 2 and more output channels: no residual is possible; the bneck
// yields the projection.
// CHECK-LABEL: func.func @bneck_stride2_no_residual
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[Y:.*]] = mnv3.bneck %[[X]] : tensor<1x4x8x8xf32> -> tensor<1x6x4x4xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x4x8x8xf32>):
// CHECK-NEXT:   %[[E:.*]] = mnv3.conv2d %[[IN]], {{.*}} act hardswish :
// CHECK-NEXT:   %[[D:.*]] = mnv3.conv2d %[[E]], {{.*}} stride [2, 2] pad [1, 1] groups 8 act hardswish : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT:   %[[S:.*]] = mnv3.se %[[D]],
// CHECK-NEXT:   %[[P:.*]] = mnv3.conv2d %[[S]], {{.*}} -> tensor<1x6x4x4xf32>
// CHECK-NEXT:   mnv3.yield %[[P]] : tensor<1x6x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @bneck_stride2_no_residual(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                     %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                     %w1: tensor<2x8x1x1xf32>, %b1: tensor<2xf32>, %w2: tensor<8x2x1x1xf32>, %b2: tensor<8xf32>,
                                     %wp: tensor<6x8x1x1xf32>, %bp: tensor<6xf32>) -> tensor<1x6x4x4xf32> {
  %e = mnv3.conv2d %x, %we, %be act hardswish : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd stride [2, 2] pad [1, 1] groups 8 act hardswish : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x4x4xf32>
  %s = mnv3.se %d, %w1, %b1, %w2, %b2 : tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>
  %p = mnv3.conv2d %s, %wp, %bp : tensor<1x8x4x4xf32>, tensor<6x8x1x1xf32>, tensor<6xf32> -> tensor<1x6x4x4xf32>
  return %p : tensor<1x6x4x4xf32>
}

// -----

// Dilated depthwise (segmentation backbones): dilation and its padding are
// kept inside the region.
// CHECK-LABEL: func.func @bneck_dilated
// CHECK-NEXT: mnv3.bneck %{{.*}} : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NEXT: ^bb0
// CHECK-NEXT:   mnv3.conv2d {{.*}} act hardswish :
// CHECK-NEXT:   mnv3.conv2d {{.*}} pad [4, 4] dilation [2, 2] groups 8 act hardswish : tensor<1x8x8x8xf32>, tensor<8x1x5x5xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
// CHECK-NEXT:   mnv3.se
// CHECK-NEXT:   mnv3.conv2d
// CHECK-NEXT:   mnv3.add
// CHECK-NEXT:   mnv3.yield
func.func @bneck_dilated(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                         %wd: tensor<8x1x5x5xf32>, %bd: tensor<8xf32>,
                         %w1: tensor<2x8x1x1xf32>, %b1: tensor<2xf32>, %w2: tensor<8x2x1x1xf32>, %b2: tensor<8xf32>,
                         %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %e = mnv3.conv2d %x, %we, %be act hardswish : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [4, 4] dilation [2, 2] groups 8 act hardswish : tensor<1x8x8x8xf32>, tensor<8x1x5x5xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %s = mnv3.se %d, %w1, %b1, %w2, %b2 : tensor<1x8x8x8xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>
  %p = mnv3.conv2d %s, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// Two blocks in a row, weights as constants: the first block's result feeds
// both the second block's expansion and its residual, so the second block
// starts at it (its expansion is taken, its input is the first bneck). The
// weights stay outside and the region refers to them.
// CHECK-LABEL: func.func @bneck_two_blocks
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4x8x8xf32>)
// CHECK-DAG: %[[WE:.*]] = mnv3.constant dense<1.000000e-01> : tensor<8x4x1x1xf32>
// CHECK-DAG: %[[WD:.*]] = mnv3.constant dense<2.000000e-01> : tensor<8x1x3x3xf32>
// CHECK-DAG: %[[WP:.*]] = mnv3.constant dense<3.000000e-01> : tensor<4x8x1x1xf32>
// CHECK: %[[Y1:.*]] = mnv3.bneck %[[X]] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NEXT: ^bb0(%[[IN1:.*]]: tensor<1x4x8x8xf32>):
// CHECK-NEXT:   %[[E1:.*]] = mnv3.conv2d %[[IN1]], %[[WE]], %{{.*}} act relu :
// CHECK-NEXT:   %[[D1:.*]] = mnv3.conv2d %[[E1]], %[[WD]], %{{.*}} pad [1, 1] groups 8 act relu :
// CHECK-NEXT:   %[[P1:.*]] = mnv3.conv2d %[[D1]], %[[WP]], %{{.*}} :
// CHECK-NEXT:   %[[R1:.*]] = mnv3.add %[[P1]], %[[IN1]]
// CHECK-NEXT:   mnv3.yield %[[R1]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[Y2:.*]] = mnv3.bneck %[[Y1]] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NEXT: ^bb0(%[[IN2:.*]]: tensor<1x4x8x8xf32>):
// CHECK-NEXT:   %[[E2:.*]] = mnv3.conv2d %[[IN2]], %[[WE]], %{{.*}} act relu :
// CHECK-NEXT:   %[[D2:.*]] = mnv3.conv2d %[[E2]], %[[WD]], %{{.*}} pad [1, 1] groups 8 act relu :
// CHECK-NEXT:   %[[P2:.*]] = mnv3.conv2d %[[D2]], %[[WP]], %{{.*}} :
// CHECK-NEXT:   %[[R2:.*]] = mnv3.add %[[P2]], %[[IN2]]
// CHECK-NEXT:   mnv3.yield %[[R2]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y2]]
func.func @bneck_two_blocks(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %we = mnv3.constant dense<0.1> : tensor<8x4x1x1xf32>
  %be = mnv3.constant dense<0.0> : tensor<8xf32>
  %wd = mnv3.constant dense<0.2> : tensor<8x1x3x3xf32>
  %wp = mnv3.constant dense<0.3> : tensor<4x8x1x1xf32>
  %bp = mnv3.constant dense<0.0> : tensor<4xf32>
  %e1 = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d1 = mnv3.conv2d %e1, %wd, %be pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p1 = mnv3.conv2d %d1, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r1 = mnv3.add %p1, %x : tensor<1x4x8x8xf32>
  %e2 = mnv3.conv2d %r1, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d2 = mnv3.conv2d %e2, %wd, %be pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p2 = mnv3.conv2d %d2, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r2 = mnv3.add %p2, %r1 : tensor<1x4x8x8xf32>
  return %r2 : tensor<1x4x8x8xf32>
}

// -----

// An add of the projection and something else than the block input: the
// block fuses without it and the add stays outside, on the bneck's result.
// CHECK-LABEL: func.func @bneck_add_of_other_value
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4x8x8xf32>, %[[V:[^:]*]]: tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[Y:.*]] = mnv3.bneck %[[X]] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NOT: mnv3.add
// CHECK: mnv3.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[R:.*]] = mnv3.add %[[Y]], %[[V]]
// CHECK-NEXT: return %[[R]]
func.func @bneck_add_of_other_value(%x: tensor<1x4x8x8xf32>, %v: tensor<1x4x8x8xf32>,
                                    %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                    %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                    %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %v : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// The projection has a second user besides the residual add: the add cannot
// move into the block (the other user needs the projection alone).
// CHECK-LABEL: func.func @bneck_projection_second_user
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[Y:.*]] = mnv3.bneck %[[X]] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NOT: mnv3.add
// CHECK: mnv3.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[R:.*]] = mnv3.add %[[Y]], %[[X]]
// CHECK-NEXT: return %[[R]], %[[Y]]
func.func @bneck_projection_second_user(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                        %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                        %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>)
    -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32>
  return %r, %p : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// -----

// The expanded tensor has a second user: it must exist outside anyway, so
// the block starts at it (depthwise + projection, no expansion inside), and
// the residual of the original input stays outside.
// CHECK-LABEL: func.func @bneck_expansion_second_user
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[E:.*]] = mnv3.conv2d %[[X]], {{.*}} act relu :
// CHECK-NEXT: %[[Y:.*]] = mnv3.bneck %[[E]] : tensor<1x8x8x8xf32> -> tensor<1x4x8x8xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<1x8x8x8xf32>):
// CHECK-NEXT:   mnv3.conv2d %[[IN]], {{.*}} groups 8 act relu :
// CHECK-NEXT:   mnv3.conv2d
// CHECK-NEXT:   mnv3.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[R:.*]] = mnv3.add %[[Y]], %[[X]]
// CHECK-NEXT: return %[[R]], %[[E]]
func.func @bneck_expansion_second_user(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                       %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                       %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>)
    -> (tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>) {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32>
  return %r, %e : tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>
}

//===----------------------------------------------------------------------===//
// Look-alikes that must stay as they are
//===----------------------------------------------------------------------===//

// -----

// A projection with an activation is not a linear bottleneck.
// CHECK-LABEL: func.func @no_bneck_projection_with_activation
// CHECK-NOT: mnv3.bneck
// CHECK: mnv3.conv2d {{.*}} act relu :
// CHECK: mnv3.conv2d {{.*}} groups 8 act relu :
// CHECK: mnv3.conv2d {{.*}} act relu6 :
// CHECK: mnv3.add
// CHECK-NOT: mnv3.bneck
func.func @no_bneck_projection_with_activation(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                               %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                               %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp act relu6 : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// The depthwise conv has no activation (fused form).
// CHECK-LABEL: func.func @no_bneck_depthwise_without_activation
// CHECK-NOT: mnv3.bneck
// CHECK: mnv3.conv2d {{.*}} act relu :
// CHECK: mnv3.conv2d {{.*}} groups 8 :
// CHECK: mnv3.conv2d
// CHECK: mnv3.add
// CHECK-NOT: mnv3.bneck
func.func @no_bneck_depthwise_without_activation(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                                 %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                                 %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// The block as imported (BatchNorm and activations not folded/fused yet):
// the pass matches fused convolutions only, so nothing changes.
// CHECK-LABEL: func.func @no_bneck_unfused_pipeline
// CHECK-NOT: mnv3.bneck
// CHECK: mnv3.batch_norm
// CHECK: mnv3.relu
// CHECK: mnv3.batch_norm
// CHECK: mnv3.relu
// CHECK: mnv3.batch_norm
// CHECK: mnv3.add
// CHECK-NOT: mnv3.bneck
func.func @no_bneck_unfused_pipeline(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %wd: tensor<8x1x3x3xf32>,
                                     %wp: tensor<4x8x1x1xf32>, %p8: tensor<8xf32>, %p4: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %e = mnv3.conv2d %x, %we : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32> -> tensor<1x8x8x8xf32>
  %en = mnv3.batch_norm %e, %p8, %p8, %p8, %p8 eps 1.0e-3 : tensor<1x8x8x8xf32>, tensor<8xf32>
  %ea = mnv3.relu %en : tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %ea, %wd pad [1, 1] groups 8 : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x8x8xf32>
  %dn = mnv3.batch_norm %d, %p8, %p8, %p8, %p8 eps 1.0e-3 : tensor<1x8x8x8xf32>, tensor<8xf32>
  %da = mnv3.relu %dn : tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %da, %wp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32> -> tensor<1x4x8x8xf32>
  %pn = mnv3.batch_norm %p, %p4, %p4, %p4, %p4 eps 1.0e-3 : tensor<1x4x8x8xf32>, tensor<4xf32>
  %r = mnv3.add %pn, %x : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// The depthwise output (with and without SE after it) and the SE output
// have second users: the block would have to materialise them anyway.
// CHECK-LABEL: func.func @no_bneck_intermediate_second_user
// CHECK-NOT: mnv3.bneck
// CHECK: return
func.func @no_bneck_intermediate_second_user(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                             %wd: tensor<8x1x3x3xf32>, %bd: tensor<8xf32>,
                                             %w1: tensor<2x8x1x1xf32>, %b1: tensor<2xf32>, %w2: tensor<8x2x1x1xf32>, %b2: tensor<8xf32>,
                                             %wp: tensor<4x8x1x1xf32>, %bp: tensor<4xf32>)
    -> (tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>,
        tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>) {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>

  %e2 = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d2 = mnv3.conv2d %e2, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %s2 = mnv3.se %d2, %w1, %b1, %w2, %b2 : tensor<1x8x8x8xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>
  %p2 = mnv3.conv2d %s2, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>

  %e3 = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d3 = mnv3.conv2d %e3, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %s3 = mnv3.se %d3, %w1, %b1, %w2, %b2 : tensor<1x8x8x8xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>
  %p3 = mnv3.conv2d %s3, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  return %p, %d, %p2, %d2, %p3, %s3 : tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>,
                                      tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>
}

// -----

// Not a depthwise conv in the middle (a grouped one, and a dense 3x3), and
// not a 1x1 projection (3x3): no block.
// CHECK-LABEL: func.func @no_bneck_not_depthwise_or_not_pointwise
// CHECK-NOT: mnv3.bneck
// CHECK: return
func.func @no_bneck_not_depthwise_or_not_pointwise(%x: tensor<1x4x8x8xf32>, %we: tensor<8x4x1x1xf32>, %be: tensor<8xf32>,
                                                   %wg: tensor<8x4x3x3xf32>, %wdense: tensor<8x8x3x3xf32>, %wd: tensor<8x1x3x3xf32>,
                                                   %bd: tensor<8xf32>, %wp: tensor<4x8x1x1xf32>, %wp3: tensor<4x8x3x3xf32>,
                                                   %bp: tensor<4xf32>)
    -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  %e = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d = mnv3.conv2d %e, %wg, %bd pad [1, 1] groups 2 act relu : tensor<1x8x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>

  %e2 = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d2 = mnv3.conv2d %e2, %wdense, %bd pad [1, 1] act relu : tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p2 = mnv3.conv2d %d2, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>

  %e3 = mnv3.conv2d %x, %we, %be act relu : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %d3 = mnv3.conv2d %e3, %wd, %bd pad [1, 1] groups 8 act relu : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32>
  %p3 = mnv3.conv2d %d3, %wp3, %bp pad [1, 1] : tensor<1x8x8x8xf32>, tensor<4x8x3x3xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32>
  return %p, %p2, %p3 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}
