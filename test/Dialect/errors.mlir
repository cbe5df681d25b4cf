// One negative case per check of the mnv3 verifiers (dialects/MNV3Ops.cpp),
// in the order the verifiers make them; each message says which dimension
// disagrees with what. -allow-unregistered-dialect is only needed by the two
// cases that must build IR no registered op can express (marked below).

// RUN: mnv3-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect

//===----------------------------------------------------------------------===//
// mnv3.constant
//===----------------------------------------------------------------------===//

// A typed attribute that is not an elements attribute (unregistered: no
// registered attribute is typed as a tensor without being elements).
func.func @constant_not_elements() -> tensor<2xf32> {
  // expected-error @+1 {{'mnv3.constant' op value must be an elements attribute}}
  %0 = mnv3.constant #foo<"bar"> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.conv2d: attributes
//===----------------------------------------------------------------------===//

// -----

// stride with one entry.
func.func @conv2d_stride_arity(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{stride must have 2 entries (height, width), got 1}}
  %0 = mnv3.conv2d %x, %w stride [1] : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// stride 0.
func.func @conv2d_stride_range(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{stride must be in [1, 65536], got 0}}
  %0 = mnv3.conv2d %x, %w stride [1, 0] : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// pad with four entries (per-side padding is not supported).
func.func @conv2d_pad_arity(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x3x3xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{pad must have 2 entries (height, width), got 4}}
  %0 = mnv3.conv2d %x, %w pad [1, 1, 1, 1] : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Negative padding.
func.func @conv2d_pad_range(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x2x4xf32> {
  // expected-error @+1 {{pad must be in [0, 65536], got -1}}
  %0 = mnv3.conv2d %x, %w pad [-1, 0] : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x2x4xf32>
  return %0 : tensor<1x8x2x4xf32>
}

// -----

// dilation with three entries.
func.func @conv2d_dilation_arity(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{dilation must have 2 entries (height, width), got 3}}
  %0 = mnv3.conv2d %x, %w dilation [1, 1, 1] : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// dilation 0.
func.func @conv2d_dilation_range(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{dilation must be in [1, 65536], got 0}}
  %0 = mnv3.conv2d %x, %w dilation [0, 1] : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// groups 0.
func.func @conv2d_groups_range(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{groups must be >= 1, got 0}}
  %0 = mnv3.conv2d %x, %w groups 0 : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.conv2d: shapes
//===----------------------------------------------------------------------===//

// -----

// 8 input channels cannot be split into 3 groups.
func.func @conv2d_input_channels_groups(%x: tensor<1x8x4x4xf32>, %w: tensor<9x2x1x1xf32>) -> tensor<1x9x4x4xf32> {
  // expected-error @+1 {{input channels (8) are not divisible by groups (3)}}
  %0 = mnv3.conv2d %x, %w groups 3 : tensor<1x8x4x4xf32>, tensor<9x2x1x1xf32> -> tensor<1x9x4x4xf32>
  return %0 : tensor<1x9x4x4xf32>
}

// -----

// 6 output channels cannot be split into 4 groups.
func.func @conv2d_output_channels_groups(%x: tensor<1x8x4x4xf32>, %w: tensor<6x2x1x1xf32>) -> tensor<1x6x4x4xf32> {
  // expected-error @+1 {{output channels (6) are not divisible by groups (4)}}
  %0 = mnv3.conv2d %x, %w groups 4 : tensor<1x8x4x4xf32>, tensor<6x2x1x1xf32> -> tensor<1x6x4x4xf32>
  return %0 : tensor<1x6x4x4xf32>
}

// -----

// Dense conv whose weight was made for 4 input channels.
func.func @conv2d_weight_input_channels(%x: tensor<1x8x4x4xf32>, %w: tensor<16x4x1x1xf32>) -> tensor<1x16x4x4xf32> {
  // expected-error @+1 {{weight [16, 4, 1, 1] expects 4 input channels with groups = 1, input has 8}}
  %0 = mnv3.conv2d %x, %w : tensor<1x8x4x4xf32>, tensor<16x4x1x1xf32> -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// Depthwise conv whose weight has 2 input channels per group instead of 1.
func.func @conv2d_depthwise_weight(%x: tensor<1x8x4x4xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{weight [8, 2, 3, 3] expects 16 input channels with groups = 8, input has 8}}
  %0 = mnv3.conv2d %x, %w pad [1, 1] groups 8 : tensor<1x8x4x4xf32>, tensor<8x2x3x3xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Bias with one entry per input (not output) channel.
func.func @conv2d_bias_size(%x: tensor<1x8x4x4xf32>, %w: tensor<16x8x1x1xf32>, %b: tensor<8xf32>) -> tensor<1x16x4x4xf32> {
  // expected-error @+1 {{bias has 8 entries for 16 output channels}}
  %0 = mnv3.conv2d %x, %w, %b : tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32>, tensor<8xf32> -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// A 5x5 kernel on an unpadded 2x2 input.
func.func @conv2d_kernel_too_large(%x: tensor<1x8x2x2xf32>, %w: tensor<8x8x5x5xf32>) -> tensor<1x8x1x1xf32> {
  // expected-error @+1 {{kernel 5x5 with dilation 1 does not fit the padded input [1, 8, 2, 2]}}
  %0 = mnv3.conv2d %x, %w : tensor<1x8x2x2xf32>, tensor<8x8x5x5xf32> -> tensor<1x8x1x1xf32>
  return %0 : tensor<1x8x1x1xf32>
}

// -----

// A 3x3 kernel that fits 4x4, but not once dilated to an extent of 7.
func.func @conv2d_dilated_kernel_too_large(%x: tensor<1x8x4x4xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{kernel 3x3 with dilation 3 does not fit the padded input [1, 8, 4, 4]}}
  %0 = mnv3.conv2d %x, %w pad [1, 1] dilation [3, 3] groups 8 : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Stride 2 declared with the stride-1 result shape.
func.func @conv2d_result_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+1 {{result shape [1, 16, 8, 8] does not match the computed shape [1, 16, 4, 4]}}
  %0 = mnv3.conv2d %x, %w stride [2, 2] pad [1, 1] : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32> -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// -----

// Result with the input's channel count instead of the weight's.
func.func @conv2d_result_channels(%x: tensor<1x8x4x4xf32>, %w: tensor<16x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{result shape [1, 8, 4, 4] does not match the computed shape [1, 16, 4, 4]}}
  %0 = mnv3.conv2d %x, %w : tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.batch_norm, mnv3.mul
//===----------------------------------------------------------------------===//

// -----

// Parameters for 16 channels on an 8-channel input.
func.func @batch_norm_param_size(%x: tensor<1x8x4x4xf32>, %p: tensor<16xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.batch_norm' op parameters have 16 entries for 8 channels}}
  %0 = mnv3.batch_norm %x, %p, %p, %p, %p eps 1.0e-3 : tensor<1x8x4x4xf32>, tensor<16xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// eps = 0 divides by zero on a zero variance.
func.func @batch_norm_eps_zero(%x: tensor<1x8x4x4xf32>, %p: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.batch_norm' op epsilon must be positive}}
  %0 = mnv3.batch_norm %x, %p, %p, %p, %p eps 0.0 : tensor<1x8x4x4xf32>, tensor<8xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Negative eps.
func.func @batch_norm_eps_negative(%x: tensor<1x8x4x4xf32>, %p: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.batch_norm' op epsilon must be positive}}
  %0 = mnv3.batch_norm %x, %p, %p, %p, %p eps -1.0e-3 : tensor<1x8x4x4xf32>, tensor<8xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A spatial scale: mul only broadcasts a [N, C, 1, 1] gate.
func.func @mul_scale_spatial(%x: tensor<1x8x4x4xf32>, %s: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.mul' op scale [1, 8, 4, 4] must be [N, C, 1, 1] of input [1, 8, 4, 4]}}
  %0 = mnv3.mul %x, %s : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A gate with the wrong channel count.
func.func @mul_scale_channels(%x: tensor<1x8x4x4xf32>, %s: tensor<1x4x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.mul' op scale [1, 4, 1, 1] must be [N, C, 1, 1] of input [1, 8, 4, 4]}}
  %0 = mnv3.mul %x, %s : tensor<1x8x4x4xf32>, tensor<1x4x1x1xf32>
  return %0 : tensor<1x8x4x4xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.global_avg_pool, mnv3.flatten, mnv3.linear
//===----------------------------------------------------------------------===//

// -----

// Pooling that keeps a 2x2 map.
func.func @pool_result_spatial(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'mnv3.global_avg_pool' op result [1, 8, 2, 2] must be [N, C, 1, 1] of input [1, 8, 4, 4]}}
  %0 = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}

// -----

// Pooling that changes the channel count.
func.func @pool_result_channels(%x: tensor<1x8x4x4xf32>) -> tensor<1x16x1x1xf32> {
  // expected-error @+1 {{'mnv3.global_avg_pool' op result [1, 16, 1, 1] must be [N, C, 1, 1] of input [1, 8, 4, 4]}}
  %0 = mnv3.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x16x1x1xf32>
  return %0 : tensor<1x16x1x1xf32>
}

// -----

// Flattening a feature map that was not pooled.
func.func @flatten_not_pooled(%x: tensor<1x8x2x2xf32>) -> tensor<1x32xf32> {
  // expected-error @+1 {{'mnv3.flatten' op input [1, 8, 2, 2] must be spatially 1x1 (pool first)}}
  %0 = mnv3.flatten %x : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  return %0 : tensor<1x32xf32>
}

// -----

// Flattening to the wrong width.
func.func @flatten_result(%x: tensor<1x8x1x1xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'mnv3.flatten' op result [1, 4] must be [N, C] of input [1, 8, 1, 1]}}
  %0 = mnv3.flatten %x : tensor<1x8x1x1xf32> -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// A transposed ([in, out]) weight.
func.func @linear_weight(%x: tensor<1x960xf32>, %w: tensor<960x1280xf32>, %b: tensor<1280xf32>) -> tensor<1x1280xf32> {
  // expected-error @+1 {{'mnv3.linear' op weight [960, 1280] expects 1280 input features, input has 960}}
  %0 = mnv3.linear %x, %w, %b : tensor<1x960xf32>, tensor<960x1280xf32>, tensor<1280xf32> -> tensor<1x1280xf32>
  return %0 : tensor<1x1280xf32>
}

// -----

// Bias sized for the input features.
func.func @linear_bias(%x: tensor<1x960xf32>, %w: tensor<1280x960xf32>, %b: tensor<960xf32>) -> tensor<1x1280xf32> {
  // expected-error @+1 {{'mnv3.linear' op bias has 960 entries for 1280 output features}}
  %0 = mnv3.linear %x, %w, %b : tensor<1x960xf32>, tensor<1280x960xf32>, tensor<960xf32> -> tensor<1x1280xf32>
  return %0 : tensor<1x1280xf32>
}

// -----

// Result with the wrong number of features.
func.func @linear_result(%x: tensor<1x960xf32>, %w: tensor<1280x960xf32>, %b: tensor<1280xf32>) -> tensor<1x1000xf32> {
  // expected-error @+1 {{'mnv3.linear' op result [1, 1000] must be [1, 1280]}}
  %0 = mnv3.linear %x, %w, %b : tensor<1x960xf32>, tensor<1280x960xf32>, tensor<1280xf32> -> tensor<1x1000xf32>
  return %0 : tensor<1x1000xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.resize_bilinear
//===----------------------------------------------------------------------===//

// -----

// A resize changes H and W only.
func.func @resize_channels(%x: tensor<1x8x4x4xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+1 {{'mnv3.resize_bilinear' op result [1, 16, 8, 8] must keep N and C of input [1, 8, 4, 4]}}
  %0 = mnv3.resize_bilinear %x : tensor<1x8x4x4xf32> -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// -----

// An empty map cannot be sampled.
func.func @resize_to_nothing(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x0x8xf32> {
  // expected-error @+1 {{'mnv3.resize_bilinear' op cannot resize [1, 8, 4, 4] to [1, 8, 0, 8]: each side must be in [1, 8192]}}
  %0 = mnv3.resize_bilinear %x : tensor<1x8x4x4xf32> -> tensor<1x8x0x8xf32>
  return %0 : tensor<1x8x0x8xf32>
}

// -----

// Larger than any map the compiler accepts as input.
func.func @resize_too_large(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x8x100000xf32> {
  // expected-error @+1 {{'mnv3.resize_bilinear' op cannot resize [1, 8, 4, 4] to [1, 8, 8, 100000]: each side must be in [1, 8192]}}
  %0 = mnv3.resize_bilinear %x : tensor<1x8x4x4xf32> -> tensor<1x8x8x100000xf32>
  return %0 : tensor<1x8x8x100000xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.se
//===----------------------------------------------------------------------===//

// -----

// fc1 reads 16 channels from a 72-channel input.
func.func @se_fc1_weight(%x: tensor<1x72x4x4xf32>, %w1: tensor<24x16x1x1xf32>, %b1: tensor<24xf32>, %w2: tensor<72x24x1x1xf32>, %b2: tensor<72xf32>) -> tensor<1x72x4x4xf32> {
  // expected-error @+1 {{'mnv3.se' op fc1 weight [24, 16, 1, 1] must be [24, 72, 1, 1]}}
  %0 = mnv3.se %x, %w1, %b1, %w2, %b2 : tensor<1x72x4x4xf32>, tensor<24x16x1x1xf32>, tensor<24xf32>, tensor<72x24x1x1xf32>, tensor<72xf32>
  return %0 : tensor<1x72x4x4xf32>
}

// -----

// fc1 as a 3x3 conv.
func.func @se_fc1_kernel(%x: tensor<1x72x4x4xf32>, %w1: tensor<24x72x3x3xf32>, %b1: tensor<24xf32>, %w2: tensor<72x24x1x1xf32>, %b2: tensor<72xf32>) -> tensor<1x72x4x4xf32> {
  // expected-error @+1 {{'mnv3.se' op fc1 weight [24, 72, 3, 3] must be [24, 72, 1, 1]}}
  %0 = mnv3.se %x, %w1, %b1, %w2, %b2 : tensor<1x72x4x4xf32>, tensor<24x72x3x3xf32>, tensor<24xf32>, tensor<72x24x1x1xf32>, tensor<72xf32>
  return %0 : tensor<1x72x4x4xf32>
}

// -----

// fc2 with squeeze and channels swapped.
func.func @se_fc2_weight(%x: tensor<1x72x4x4xf32>, %w1: tensor<24x72x1x1xf32>, %b1: tensor<24xf32>, %w2: tensor<24x72x1x1xf32>, %b2: tensor<72xf32>) -> tensor<1x72x4x4xf32> {
  // expected-error @+1 {{'mnv3.se' op fc2 weight [24, 72, 1, 1] must be [72, 24, 1, 1]}}
  %0 = mnv3.se %x, %w1, %b1, %w2, %b2 : tensor<1x72x4x4xf32>, tensor<24x72x1x1xf32>, tensor<24xf32>, tensor<24x72x1x1xf32>, tensor<72xf32>
  return %0 : tensor<1x72x4x4xf32>
}

// -----

// fc1 bias sized like fc2's.
func.func @se_fc1_bias(%x: tensor<1x72x4x4xf32>, %w1: tensor<24x72x1x1xf32>, %b1: tensor<72xf32>, %w2: tensor<72x24x1x1xf32>, %b2: tensor<72xf32>) -> tensor<1x72x4x4xf32> {
  // expected-error @+1 {{'mnv3.se' op biases must have 24 and 72 entries}}
  %0 = mnv3.se %x, %w1, %b1, %w2, %b2 : tensor<1x72x4x4xf32>, tensor<24x72x1x1xf32>, tensor<72xf32>, tensor<72x24x1x1xf32>, tensor<72xf32>
  return %0 : tensor<1x72x4x4xf32>
}

// -----

// fc2 bias sized like fc1's.
func.func @se_fc2_bias(%x: tensor<1x72x4x4xf32>, %w1: tensor<24x72x1x1xf32>, %b1: tensor<24xf32>, %w2: tensor<72x24x1x1xf32>, %b2: tensor<24xf32>) -> tensor<1x72x4x4xf32> {
  // expected-error @+1 {{'mnv3.se' op biases must have 24 and 72 entries}}
  %0 = mnv3.se %x, %w1, %b1, %w2, %b2 : tensor<1x72x4x4xf32>, tensor<24x72x1x1xf32>, tensor<24xf32>, tensor<72x24x1x1xf32>, tensor<24xf32>
  return %0 : tensor<1x72x4x4xf32>
}

//===----------------------------------------------------------------------===//
// mnv3.bneck: the body must be [expand] depthwise [se] project [add] yield
//===----------------------------------------------------------------------===//

// -----

// A body block with two arguments.
func.func @bneck_two_arguments(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op body must take one argument of the input type}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>, %extra: tensor<1x8x4x4xf32>):
    mnv3.yield %in : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A body argument of another type than the block input.
func.func @bneck_argument_type(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op body must take one argument of the input type}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x2x2xf32>):
    mnv3.yield %x : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A terminator other than mnv3.yield (unregistered: every registered
// terminator other than mnv3.yield rejects a bneck parent on its own).
func.func @bneck_no_yield(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op body must end with mnv3.yield}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    "test.terminator"(%in) : (tensor<1x8x4x4xf32>) -> ()
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A body that starts with an activation instead of a conv2d.
func.func @bneck_starts_with_relu(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>, %wp: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op body must start with a conv2d of the block input}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %r = mnv3.relu %in : tensor<1x8x4x4xf32>
    %d = mnv3.conv2d %r, %wd pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
    mnv3.yield %p : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A first conv2d that reads a captured value, not the block argument.
func.func @bneck_first_conv_not_of_input(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>, %wp: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op body must start with a conv2d of the block input}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %d = mnv3.conv2d %x, %wd pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
    mnv3.yield %p : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// An expansion conv2d without its activation.
func.func @bneck_expand_without_act(%x: tensor<1x8x4x4xf32>, %we: tensor<32x8x1x1xf32>, %wd: tensor<32x1x3x3xf32>, %wp: tensor<8x32x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op expansion must be a 1x1 conv2d with an activation}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %e = mnv3.conv2d %in, %we : tensor<1x8x4x4xf32>, tensor<32x8x1x1xf32> -> tensor<1x32x4x4xf32>
    %d = mnv3.conv2d %e, %wd pad [1, 1] groups 32 act relu : tensor<1x32x4x4xf32>, tensor<32x1x3x3xf32> -> tensor<1x32x4x4xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x32x4x4xf32>, tensor<8x32x1x1xf32> -> tensor<1x8x4x4xf32>
    mnv3.yield %p : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A dense 3x3 first conv2d: neither depthwise nor a 1x1 expansion.
func.func @bneck_expand_not_pointwise(%x: tensor<1x8x4x4xf32>, %we: tensor<32x8x3x3xf32>, %wd: tensor<32x1x3x3xf32>, %wp: tensor<8x32x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op expansion must be a 1x1 conv2d with an activation}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %e = mnv3.conv2d %in, %we pad [1, 1] act relu : tensor<1x8x4x4xf32>, tensor<32x8x3x3xf32> -> tensor<1x32x4x4xf32>
    %d = mnv3.conv2d %e, %wd pad [1, 1] groups 32 act relu : tensor<1x32x4x4xf32>, tensor<32x1x3x3xf32> -> tensor<1x32x4x4xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x32x4x4xf32>, tensor<8x32x1x1xf32> -> tensor<1x8x4x4xf32>
    mnv3.yield %p : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Expansion straight into the projection: the depthwise conv2d is missing.
func.func @bneck_missing_depthwise(%x: tensor<1x8x4x4xf32>, %we: tensor<32x8x1x1xf32>, %wp: tensor<8x32x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op expansion must be followed by a depthwise conv2d}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %e = mnv3.conv2d %in, %we act relu : tensor<1x8x4x4xf32>, tensor<32x8x1x1xf32> -> tensor<1x32x4x4xf32>
    %p = mnv3.conv2d %e, %wp : tensor<1x32x4x4xf32>, tensor<8x32x1x1xf32> -> tensor<1x8x4x4xf32>
    mnv3.yield %p : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A projection with an activation (the linear bottleneck has none).
func.func @bneck_project_with_act(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>, %wp: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op body must end with a 1x1 projection conv2d without activation}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %d = mnv3.conv2d %in, %wd pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
    %p = mnv3.conv2d %d, %wp act relu : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
    mnv3.yield %p : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// No projection at all: the body yields the depthwise result.
func.func @bneck_missing_project(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op body must end with a 1x1 projection conv2d without activation}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %d = mnv3.conv2d %in, %wd pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
    mnv3.yield %d : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// An add of the projection with itself, not with the block input.
func.func @bneck_add_not_residual(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>, %wp: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op only a residual add of the block input may follow the projection}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %d = mnv3.conv2d %in, %wd pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
    %r = mnv3.add %p, %p : tensor<1x8x4x4xf32>
    mnv3.yield %r : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// An activation after the projection, where only the residual add may go.
func.func @bneck_act_after_project(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>, %wp: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op only a residual add of the block input may follow the projection}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %d = mnv3.conv2d %in, %wd pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
    %r = mnv3.relu %p : tensor<1x8x4x4xf32>
    mnv3.yield %r : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// An extra op after the residual add.
func.func @bneck_extra_op(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>, %wp: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op unexpected op in body}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %d = mnv3.conv2d %in, %wd pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
    %r = mnv3.add %p, %in : tensor<1x8x4x4xf32>
    %h = mnv3.hardswish %r : tensor<1x8x4x4xf32>
    mnv3.yield %h : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Yielding the projection when a residual add follows it.
func.func @bneck_yield_not_last(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>, %wp: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op body must yield the result of its last piece}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %d = mnv3.conv2d %in, %wd pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x4x4xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
    %r = mnv3.add %p, %in : tensor<1x8x4x4xf32>
    mnv3.yield %p : tensor<1x8x4x4xf32>
  }
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A stride-2 block declared with the unstrided result type.
func.func @bneck_result_type(%x: tensor<1x8x4x4xf32>, %wd: tensor<8x1x3x3xf32>, %wp: tensor<16x8x1x1xf32>) -> tensor<1x16x4x4xf32> {
  // expected-error @+1 {{'mnv3.bneck' op yielded type must match the result type}}
  %0 = mnv3.bneck %x : tensor<1x8x4x4xf32> -> tensor<1x16x4x4xf32> {
  ^bb0(%in: tensor<1x8x4x4xf32>):
    %d = mnv3.conv2d %in, %wd stride [2, 2] pad [1, 1] groups 8 act relu : tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32> -> tensor<1x8x2x2xf32>
    %p = mnv3.conv2d %d, %wp : tensor<1x8x2x2xf32>, tensor<16x8x1x1xf32> -> tensor<1x16x2x2xf32>
    mnv3.yield %p : tensor<1x16x2x2xf32>
  }
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// mnv3.yield outside a bneck (the HasParent trait).
func.func @yield_outside_bneck(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'mnv3.yield' op expects parent op 'mnv3.bneck'}}
  mnv3.yield %x : tensor<1x8x4x4xf32>
}
