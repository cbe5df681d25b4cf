// A tiny model whose input is read by a pool, not a convolution.
func.func @tiny(%x: tensor<1x3x8x8xf32>) -> tensor<1x2xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  %f = mnv3.flatten %p : tensor<1x3x1x1xf32> -> tensor<1x3xf32>
  %fw = mnv3.constant dense<1.0> : tensor<2x3xf32>
  %fb = mnv3.constant dense<0.0> : tensor<2xf32>
  %z = mnv3.linear %f, %fw, %fb : tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32> -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}
