/* layers.c - see layers.h. */
#include "layers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void check(struct network *net, enum xnn_status status,
                  const char *what, const char *prefix) {
  if (status != xnn_status_success && !net->failed) {
    fprintf(stderr, "error: XNNPACK rejected the %s of %s (status %d)\n", what,
            prefix, (int)status);
    net->failed = 1;
  }
}

/* A float array that lives as long as the network (static weights). */
static float *owned_floats(struct network *net, size_t count) {
  float **grown = realloc(net->owned, (net->owned_count + 1) * sizeof *grown);
  float *data = calloc(count, sizeof(float));
  if (!grown || !data) {
    fprintf(stderr, "error: out of memory\n");
    exit(1);
  }
  net->owned = grown;
  return net->owned[net->owned_count++] = data;
}

/* Reads weight `prefix.suffix`; on failure marks the network failed and
 * leaves zeros, so building can go on to its single check. */
static void read_weight(struct network *net, const char *prefix,
                        const char *suffix, float *out, size_t count) {
  char name[256];
  if (snprintf(name, sizeof name, "%s.%s", prefix, suffix) >= (int)sizeof name) {
    fprintf(stderr, "error: weight name %s.%s is too long\n", prefix, suffix);
    net->failed = 1;
  }
  if (!net->failed && !safetensors_read_f32(net->weights, name, out, count))
    net->failed = 1;
}

static uint32_t static_value(struct network *net, size_t rank,
                             const size_t *dims, const float *data) {
  uint32_t id = XNN_INVALID_VALUE_ID;
  check(net,
        xnn_define_tensor_value(net->subgraph, xnn_datatype_fp32, rank, dims,
                                data, XNN_INVALID_VALUE_ID, 0, &id),
        "weights", "a layer");
  return id;
}

struct tensor layer_value(struct network *net, size_t height, size_t width,
                          size_t channels, uint32_t external_id,
                          uint32_t flags) {
  struct tensor value = {XNN_INVALID_VALUE_ID, height, width, channels};
  size_t dims[4] = {1, height, width, channels};
  check(net,
        xnn_define_tensor_value(net->subgraph, xnn_datatype_fp32, 4, dims,
                                NULL, external_id, flags, &value.id),
        "activation", "a layer");
  return value;
}

/* ReLU and ReLU6 are the layer's own output clamp; hardswish and SiLU are
 * nodes after it (activation_nodes). */
static float clamp_min(enum activation activation) {
  return activation == ACTIVATION_RELU || activation == ACTIVATION_RELU6
             ? 0.0f
             : -INFINITY;
}

static float clamp_max(enum activation activation) {
  return activation == ACTIVATION_RELU6 ? 6.0f : INFINITY;
}

static struct tensor value_like(struct network *net, struct tensor like) {
  return layer_value(net, like.height, like.width, like.channels,
                     XNN_INVALID_VALUE_ID, 0);
}

static struct tensor sigmoid(struct network *net, struct tensor in,
                             const char *prefix) {
  struct tensor out = value_like(net, in);
  check(net, xnn_define_sigmoid(net->subgraph, in.id, out.id, 0), "sigmoid",
        prefix);
  return out;
}

/* a * b, with b either of a's shape or [1, 1, 1, C] (broadcast over the
 * pixels: the squeeze-and-excite scale). */
static struct tensor multiply(struct network *net, struct tensor a,
                              struct tensor b, const char *what,
                              const char *prefix) {
  struct tensor out = value_like(net, a);
  check(net,
        xnn_define_multiply2(net->subgraph, -INFINITY, INFINITY, a.id, b.id,
                             out.id, 0),
        what, prefix);
  return out;
}

/* The activations that are not a clamp. XNNPACK 2022 has a hardswish node
 * but no SiLU, so SiLU is x * sigmoid(x), as torch defines it. */
static struct tensor activation_nodes(struct network *net, struct tensor in,
                                      enum activation activation,
                                      const char *prefix) {
  if (activation == ACTIVATION_SILU)
    return multiply(net, in, sigmoid(net, in, prefix), "SiLU", prefix);
  if (activation != ACTIVATION_HARDSWISH)
    return in;
  struct tensor out = value_like(net, in);
  check(net, xnn_define_hardswish(net->subgraph, in.id, out.id, 0),
        "hardswish", prefix);
  return out;
}

struct tensor layer_conv_bn(struct network *net, struct tensor in,
                            const char *prefix, size_t out_channels,
                            int kernel, int stride, int depthwise,
                            enum activation activation) {
  char conv[256], bn[256];
  snprintf(conv, sizeof conv, "%s.0", prefix);
  snprintf(bn, sizeof bn, "%s.1", prefix);
  return layer_conv_then_norm(net, in, conv, bn, out_channels, kernel, stride,
                              depthwise, activation);
}

struct tensor layer_conv_then_norm(struct network *net, struct tensor in,
                                   const char *conv, const char *bn,
                                   size_t out_channels, int kernel, int stride,
                                   int depthwise, enum activation activation) {
  size_t group_in = depthwise ? 1 : in.channels;
  size_t taps = (size_t)kernel * kernel;
  size_t count = out_channels * group_in * taps;

  /* torch: weight [O, I/groups, kh, kw]; BatchNorm per output channel. */
  float *torch_weight = malloc(count * sizeof(float));
  float *gamma = malloc(4 * out_channels * sizeof(float));
  float *beta = gamma + out_channels, *mean = beta + out_channels,
        *var = mean + out_channels;
  read_weight(net, conv, "weight", torch_weight, count);
  read_weight(net, bn, "weight", gamma, out_channels);
  read_weight(net, bn, "bias", beta, out_channels);
  read_weight(net, bn, "running_mean", mean, out_channels);
  read_weight(net, bn, "running_var", var, out_channels);

  /* XNNPACK: dense filter [O, kh, kw, I]; depthwise filter [1, kh, kw, C]. */
  float *filter = owned_floats(net, count);
  float *bias = owned_floats(net, out_channels);
  for (size_t o = 0; o < out_channels; ++o) {
    double scale = gamma[o] / sqrt((double)var[o] + net->batch_norm_eps);
    bias[o] = (float)(beta[o] - mean[o] * scale);
    for (size_t i = 0; i < group_in; ++i)
      for (size_t t = 0; t < taps; ++t) {
        size_t to = depthwise ? t * out_channels + o : (o * taps + t) * group_in + i;
        filter[to] = (float)(torch_weight[(o * group_in + i) * taps + t] * scale);
      }
  }
  free(torch_weight);
  free(gamma);

  size_t filter_dims[4] = {depthwise ? 1 : out_channels, kernel, kernel,
                           depthwise ? out_channels : group_in};
  uint32_t filter_id = static_value(net, 4, filter_dims, filter);
  uint32_t bias_id = static_value(net, 1, &out_channels, bias);
  uint32_t pad = (kernel - 1) / 2;
  struct tensor out = layer_value(
      net, (in.height + 2 * pad - kernel) / stride + 1,
      (in.width + 2 * pad - kernel) / stride + 1, out_channels,
      XNN_INVALID_VALUE_ID, 0);
  enum xnn_status status =
      depthwise
          ? xnn_define_depthwise_convolution_2d(
                net->subgraph, pad, pad, pad, pad, kernel, kernel, stride,
                stride, 1, 1, 1, in.channels, clamp_min(activation),
                clamp_max(activation),
                in.id, filter_id, bias_id, out.id, 0)
          : xnn_define_convolution_2d(
                net->subgraph, pad, pad, pad, pad, kernel, kernel, stride,
                stride, 1, 1, 1, in.channels, out_channels,
                clamp_min(activation), clamp_max(activation), in.id, filter_id,
                bias_id, out.id, 0);
  check(net, status, "convolution", conv);
  return activation_nodes(net, out, activation, conv);
}

/* A fully connected node with torch's [out, in] weight and a bias. */
static struct tensor fully_connected(struct network *net, struct tensor in,
                                     const float *weight, const float *bias,
                                     size_t out_features, float output_min,
                                     float output_max, struct tensor out,
                                     const char *prefix) {
  size_t filter_dims[2] = {out_features, in.channels};
  uint32_t filter_id = static_value(net, 2, filter_dims, weight);
  uint32_t bias_id = static_value(net, 1, &out_features, bias);
  check(net,
        xnn_define_fully_connected(net->subgraph, output_min, output_max,
                                   in.id, filter_id, bias_id, out.id, 0),
        "fully connected layer", prefix);
  return out;
}

struct tensor layer_squeeze_excite(struct network *net, struct tensor in,
                                   const char *prefix, size_t squeeze_channels,
                                   enum squeeze_excite_kind kind) {
  size_t channels = in.channels;
  char fc1[256], fc2[256];
  snprintf(fc1, sizeof fc1, "%s.fc1", prefix);
  snprintf(fc2, sizeof fc2, "%s.fc2", prefix);
  float *w1 = owned_floats(net, squeeze_channels * channels);
  float *b1 = owned_floats(net, squeeze_channels);
  float *w2 = owned_floats(net, channels * squeeze_channels);
  float *b2 = owned_floats(net, channels);
  read_weight(net, fc1, "weight", w1, squeeze_channels * channels);
  read_weight(net, fc1, "bias", b1, squeeze_channels);
  read_weight(net, fc2, "weight", w2, channels * squeeze_channels);
  read_weight(net, fc2, "bias", b2, channels);
  int hard = kind == SQUEEZE_EXCITE_RELU_HARDSIGMOID;
  enum activation squeeze_activation = hard ? ACTIVATION_RELU : ACTIVATION_SILU;
  /* hardsigmoid(z) = clamp(z / 6 + 1/2, 0, 1): scale fc2 and clamp it. */
  if (hard) {
    for (size_t i = 0; i < channels * squeeze_channels; ++i)
      w2[i] /= 6.0f;
    for (size_t c = 0; c < channels; ++c)
      b2[c] = b2[c] / 6.0f + 0.5f;
  }

  struct tensor pooled = layer_global_pool(net, in);
  struct tensor squeezed = fully_connected(
      net, pooled, w1, b1, squeeze_channels, clamp_min(squeeze_activation),
      clamp_max(squeeze_activation),
      layer_value(net, 1, 1, squeeze_channels, XNN_INVALID_VALUE_ID, 0), fc1);
  squeezed = activation_nodes(net, squeezed, squeeze_activation, fc1);
  struct tensor gate = fully_connected(
      net, squeezed, w2, b2, channels, hard ? 0.0f : -INFINITY,
      hard ? 1.0f : INFINITY, value_like(net, pooled), fc2);
  if (!hard)
    gate = sigmoid(net, gate, fc2);
  return multiply(net, in, gate, "scale", prefix);
}

struct tensor layer_add(struct network *net, struct tensor a, struct tensor b) {
  struct tensor out = layer_value(net, a.height, a.width, a.channels,
                                  XNN_INVALID_VALUE_ID, 0);
  check(net,
        xnn_define_add2(net->subgraph, -INFINITY, INFINITY, a.id, b.id, out.id,
                        0),
        "residual add", "a block");
  return out;
}

struct tensor layer_global_pool(struct network *net, struct tensor in) {
  struct tensor out = layer_value(net, 1, 1, in.channels, XNN_INVALID_VALUE_ID, 0);
  check(net,
        xnn_define_global_average_pooling_2d(net->subgraph, -INFINITY,
                                             INFINITY, in.id, out.id, 0),
        "global average pool", "a layer");
  return out;
}

struct tensor layer_linear(struct network *net, struct tensor in,
                           const char *prefix, size_t out_features,
                           enum activation activation,
                           const struct tensor *into) {
  float *weight = owned_floats(net, out_features * in.channels);
  float *bias = owned_floats(net, out_features);
  read_weight(net, prefix, "weight", weight, out_features * in.channels);
  read_weight(net, prefix, "bias", bias, out_features);
  struct tensor out =
      into ? *into
           : layer_value(net, 1, 1, out_features, XNN_INVALID_VALUE_ID, 0);
  fully_connected(net, in, weight, bias, out_features, clamp_min(activation),
                  clamp_max(activation), out, prefix);
  return activation_nodes(net, out, activation, prefix);
}

void network_free_weights(struct network *net) {
  for (size_t i = 0; i < net->owned_count; ++i)
    free(net->owned[i]);
  free(net->owned);
  net->owned = NULL;
  net->owned_count = 0;
}
