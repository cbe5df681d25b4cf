/* layers.h - torchvision's MobileNet building blocks as XNNPACK subgraph
 * nodes, with weights read from a torchvision state_dict (.safetensors).
 *
 * Activations are NHWC values [1, H, W, C]. Every conv is followed by a
 * BatchNorm in torchvision; it is folded into the conv's filter and bias
 * here, exactly as torch's eval-mode BatchNorm computes it. */
#ifndef MNV3C_BENCH_LAYERS_H
#define MNV3C_BENCH_LAYERS_H

#include <stddef.h>
#include <stdint.h>
#include <xnnpack.h>

#include "safetensors.h"

/* Every network here is an ImageNet classifier taking 224x224 images. */
#define CLASSIFIER_RESOLUTION 224
#define CLASSIFIER_CLASSES 1000

enum activation {
  ACTIVATION_NONE,
  ACTIVATION_RELU,
  ACTIVATION_RELU6,
  ACTIVATION_HARDSWISH,
  ACTIVATION_SILU /* x * sigmoid(x), EfficientNet's swish */
};

/* torchvision's two squeeze-and-excitation flavours: MobileNetV3 squeezes
 * with ReLU and gates with hardsigmoid, EfficientNet with SiLU and
 * sigmoid. */
enum squeeze_excite_kind {
  SQUEEZE_EXCITE_RELU_HARDSIGMOID,
  SQUEEZE_EXCITE_SILU_SIGMOID
};

/* A subgraph being built. `failed` becomes 1 (after a message) on the first
 * error; later calls then do nothing, so callers check it once at the end.
 * Folded weights must outlive the runtime: they are kept in `owned`. */
struct network {
  xnn_subgraph_t subgraph;
  const struct safetensors *weights;
  double batch_norm_eps; /* the model's: MobileNetV3 0.001, V2 and
                            EfficientNet-B0 1e-5 */
  float **owned;
  size_t owned_count;
  int failed;
};

struct tensor {
  uint32_t id;
  size_t height, width, channels;
};

/* An NHWC activation value; external_id / flags as xnn_define_tensor_value
 * takes them (XNN_INVALID_VALUE_ID, 0 for an internal one). */
struct tensor layer_value(struct network *net, size_t height, size_t width,
                          size_t channels, uint32_t external_id, uint32_t flags);

/* torchvision's Conv2dNormActivation named `prefix` (prefix.0 is the conv,
 * prefix.1 the BatchNorm): a dense conv, or a depthwise one when
 * `depthwise`, with padding (kernel - 1) / 2. */
struct tensor layer_conv_bn(struct network *net, struct tensor in,
                            const char *prefix, size_t out_channels,
                            int kernel, int stride, int depthwise,
                            enum activation activation);

/* A conv named `conv` then a BatchNorm2d named `norm` (MobileNetV2's
 * projection: conv.2 and conv.3), as layer_conv_bn otherwise. */
struct tensor layer_conv_then_norm(struct network *net, struct tensor in,
                                   const char *conv, const char *norm,
                                   size_t out_channels, int kernel, int stride,
                                   int depthwise, enum activation activation);

/* torchvision's SqueezeExcitation named `prefix` (fc1, activation, fc2,
 * gate, as `kind` says), scaling `in` channel by channel. */
struct tensor layer_squeeze_excite(struct network *net, struct tensor in,
                                   const char *prefix, size_t squeeze_channels,
                                   enum squeeze_excite_kind kind);

struct tensor layer_add(struct network *net, struct tensor a, struct tensor b);

/* Global average pool to [1, 1, 1, C]. */
struct tensor layer_global_pool(struct network *net, struct tensor in);

/* torch.nn.Linear named `prefix` on a [1, 1, 1, C] value, into a new
 * value, or into `*into` when it is not NULL (an external output; then
 * the activation must be none, ReLU or ReLU6: hardswish and SiLU are
 * nodes of their own after the layer, which would need a value of their
 * own). */
struct tensor layer_linear(struct network *net, struct tensor in,
                           const char *prefix, size_t out_features,
                           enum activation activation,
                           const struct tensor *into);

void network_free_weights(struct network *net);

#endif
