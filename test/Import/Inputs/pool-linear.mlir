// A minimal model that carries its weights (dense constants), so `mnv3c run`
// needs no --weights: [1, 2, 2, 2] -> pool -> flatten -> linear -> [1, 3].
func.func @pool_linear(%x: tensor<1x2x2x2xf32>) -> tensor<1x3xf32> {
  %p = mnv3.global_avg_pool %x : tensor<1x2x2x2xf32> -> tensor<1x2x1x1xf32>
  %f = mnv3.flatten %p : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  %w = mnv3.constant dense<[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]> : tensor<3x2xf32>
  %b = mnv3.constant dense<[0.0, 0.0, 10.0]> : tensor<3xf32>
  %y = mnv3.linear %f, %w, %b : tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32> -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}
