// `mnv3c run --dump NAME=FILE` for a piece of a fused block (here the
// expansion conv "blk.0.0") writes that piece's tensor, not the block's
// output: the bneck's fused location carries every piece's name, and the
// first (innermost) op carrying the name wins.
//
// RUN: %python %S/Inputs/random_f32.py 5 256 %t.input
// RUN: mnv3c run %s --input %t.input --output %t.logits.plain --dump blk.0.0=%t.expand.plain
// RUN: mnv3c run %s --input %t.input --output %t.logits.fused --passes='func.func(mnv3-fuse-inverted-residual)' --dump blk.0.0=%t.expand.fused
// RUN: %python %S/../e2e/compare.py %t.logits.plain %t.logits.fused --shape 1,4,8,8 --rtol 0
// RUN: %python %S/../e2e/compare.py %t.expand.plain %t.expand.fused --shape 1,8,8,8 --rtol 0

func.func @block(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %we = mnv3.constant dense<0.25> : tensor<8x4x1x1xf32>
  %be = mnv3.constant dense<0.5> : tensor<8xf32>
  %wd = mnv3.constant dense<0.125> : tensor<8x1x3x3xf32>
  %bd = mnv3.constant dense<-0.5> : tensor<8xf32>
  %wp = mnv3.constant dense<0.5> : tensor<4x8x1x1xf32>
  %bp = mnv3.constant dense<0.0> : tensor<4xf32>
  %e = mnv3.conv2d %x, %we, %be act hardswish : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32> loc("blk.0.0")
  %d = mnv3.conv2d %e, %wd, %bd pad [1, 1] groups 8 act hardswish : tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32> -> tensor<1x8x8x8xf32> loc("blk.1.0")
  %p = mnv3.conv2d %d, %wp, %bp : tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x8x8xf32> loc("blk.2.0")
  %r = mnv3.add %p, %x : tensor<1x4x8x8xf32> loc("blk")
  return %r : tensor<1x4x8x8xf32>
}
