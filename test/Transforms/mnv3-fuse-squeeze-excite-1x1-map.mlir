// SE blocks on 1x1 feature maps (MobileNetV3-Large at 32x32 has them in its
// last blocks) still fuse: no folder may erase the SE's pool of a 1x1 map
// before mnv3-fuse-squeeze-excite runs (every pass's greedy driver applies
// folders), and mnv3-default keeps all 15 blocks there.
//
// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(mnv3-fuse-activation,mnv3-fuse-squeeze-excite))' | FileCheck %s --check-prefix=SE
// RUN: mnv3-opt %s -split-input-file --pass-pipeline='builtin.module(mnv3-default)' | FileCheck %s --check-prefix=DEFAULT

// The SE of a 1x1 map, as imported (standalone activations).
// SE-LABEL: func.func @se_on_1x1_map
// SE: mnv3.se
// SE-NOT: mnv3.mul
func.func @se_on_1x1_map(%x: tensor<1x8x1x1xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                         %w2: tensor<8x4x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x1x1xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x8x1x1xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %b1 : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %sa = mnv3.relu %s : tensor<1x4x1x1xf32>
  %e = mnv3.conv2d %sa, %w2, %b2 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g = mnv3.hardsigmoid %e : tensor<1x8x1x1xf32>
  %y = mnv3.mul %x, %g : tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>
  return %y : tensor<1x8x1x1xf32>
}

// -----

// The last block of MobileNetV3-Large at 32x32 input (1x1 maps, SE,
// residual), then the head and the network's pool, as imported with its
// BatchNorms: the whole block must become one mnv3.bneck and the final pool
// must stay (it is where mnv3c run --dump-features reads the features).
// DEFAULT-LABEL: func.func @last_block_1x1
// DEFAULT: %[[B:.*]] = mnv3.bneck
// DEFAULT: mnv3.se
// DEFAULT: mnv3.yield
// DEFAULT: %[[H:.*]] = mnv3.conv2d %[[B]], {{.*}} act hardswish
// DEFAULT: mnv3.global_avg_pool %[[H]]
// DEFAULT-NOT: mnv3.mul
func.func @last_block_1x1(%x: tensor<1x4x1x1xf32>) -> tensor<1x8x1x1xf32> {
  %one4 = mnv3.constant dense<1.0> : tensor<4xf32>
  %one8 = mnv3.constant dense<1.0> : tensor<8xf32>
  %half8 = mnv3.constant dense<0.5> : tensor<8xf32>
  %we = mnv3.constant dense<0.1> : tensor<8x4x1x1xf32>
  %e = mnv3.conv2d %x, %we : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32> -> tensor<1x8x1x1xf32>
  %en = mnv3.batch_norm %e, %one8, %half8, %half8, %one8 eps 1.0e-3 : tensor<1x8x1x1xf32>, tensor<8xf32>
  %ea = mnv3.hardswish %en : tensor<1x8x1x1xf32>
  %wd = mnv3.constant dense<0.2> : tensor<8x1x5x5xf32>
  %d = mnv3.conv2d %ea, %wd pad [2, 2] groups 8 : tensor<1x8x1x1xf32>, tensor<8x1x5x5xf32> -> tensor<1x8x1x1xf32>
  %dn = mnv3.batch_norm %d, %one8, %half8, %half8, %one8 eps 1.0e-3 : tensor<1x8x1x1xf32>, tensor<8xf32>
  %da = mnv3.hardswish %dn : tensor<1x8x1x1xf32>
  %w1 = mnv3.constant dense<0.3> : tensor<4x8x1x1xf32>
  %w2 = mnv3.constant dense<0.4> : tensor<8x4x1x1xf32>
  %p = mnv3.global_avg_pool %da : tensor<1x8x1x1xf32> -> tensor<1x8x1x1xf32>
  %s = mnv3.conv2d %p, %w1, %one4 : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32> -> tensor<1x4x1x1xf32>
  %sa = mnv3.relu %s : tensor<1x4x1x1xf32>
  %g0 = mnv3.conv2d %sa, %w2, %one8 : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32>, tensor<8xf32> -> tensor<1x8x1x1xf32>
  %g = mnv3.hardsigmoid %g0 : tensor<1x8x1x1xf32>
  %se = mnv3.mul %da, %g : tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>
  %wp = mnv3.constant dense<0.5> : tensor<4x8x1x1xf32>
  %pr = mnv3.conv2d %se, %wp : tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32> -> tensor<1x4x1x1xf32>
  %prn = mnv3.batch_norm %pr, %one4, %one4, %one4, %one4 eps 1.0e-3 : tensor<1x4x1x1xf32>, tensor<4xf32>
  %r = mnv3.add %prn, %x : tensor<1x4x1x1xf32>
  %wh = mnv3.constant dense<0.6> : tensor<8x4x1x1xf32>
  %h = mnv3.conv2d %r, %wh : tensor<1x4x1x1xf32>, tensor<8x4x1x1xf32> -> tensor<1x8x1x1xf32>
  %hn = mnv3.batch_norm %h, %one8, %half8, %half8, %one8 eps 1.0e-3 : tensor<1x8x1x1xf32>, tensor<8xf32>
  %ha = mnv3.hardswish %hn : tensor<1x8x1x1xf32>
  %pool = mnv3.global_avg_pool %ha : tensor<1x8x1x1xf32> -> tensor<1x8x1x1xf32>
  return %pool : tensor<1x8x1x1xf32>
}
