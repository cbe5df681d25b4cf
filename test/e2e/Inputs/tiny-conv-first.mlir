// A tiny model whose input is read by a convolution (input-format tests).
func.func @tiny(%x: tensor<1x3x8x8xf32>) -> tensor<1x2xf32> {
  %w = mnv3.constant dense<0.5> : tensor<4x3x3x3xf32>
  %b = mnv3.constant dense<0.25> : tensor<4xf32>
  %y = mnv3.conv2d %x, %w, %b stride [2, 2] pad [1, 1] act relu : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32> -> tensor<1x4x4x4xf32>
  %p = mnv3.global_avg_pool %y : tensor<1x4x4x4xf32> -> tensor<1x4x1x1xf32>
  %f = mnv3.flatten %p : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
  %fw = mnv3.constant dense<1.0> : tensor<2x4xf32>
  %fb = mnv3.constant dense<0.0> : tensor<2xf32>
  %z = mnv3.linear %f, %fw, %fb : tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32> -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}
