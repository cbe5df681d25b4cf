/* mobilenet_v2.c - MobileNetV2 as torchvision 0.14 builds it
 * (torchvision/models/mobilenetv2.py) and its state_dict names: features.0
 * is the stem, features.1..17 the inverted residual blocks (pieces in
 * features.N.conv.J, the projection a bare conv then a BatchNorm),
 * features.18 the last 1x1 conv, classifier.1 the Linear layer. */
#include "mobilenet_v2.h"

#include <stdio.h>

/* Table 2 of the paper: expansion t, channels c, repeats n, first stride s. */
static const struct {
  int t, c, n, s;
} ROWS[] = {{1, 16, 1, 1},  {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
            {6, 96, 3, 1},  {6, 160, 3, 2}, {6, 320, 1, 1}};

static struct tensor inverted_residual(struct network *net, struct tensor in,
                                       int t, int out, int stride, int index) {
  char name[64], norm[64];
  int piece = 0;
  struct tensor x = in;
  if (t != 1) {
    snprintf(name, sizeof name, "features.%d.conv.%d", index, piece++);
    x = layer_conv_bn(net, x, name, in.channels * t, 1, 1, 0, ACTIVATION_RELU6);
  }
  snprintf(name, sizeof name, "features.%d.conv.%d", index, piece++);
  x = layer_conv_bn(net, x, name, x.channels, 3, stride, 1, ACTIVATION_RELU6);
  snprintf(name, sizeof name, "features.%d.conv.%d", index, piece++);
  snprintf(norm, sizeof norm, "features.%d.conv.%d", index, piece++);
  x = layer_conv_then_norm(net, x, name, norm, out, 1, 1, 0, ACTIVATION_NONE);
  return stride == 1 && in.channels == (size_t)out ? layer_add(net, x, in) : x;
}

void mobilenet_v2_define(struct network *net, struct tensor input,
                         struct tensor logits) {
  net->batch_norm_eps = 1e-5; /* plain nn.BatchNorm2d */
  struct tensor x =
      layer_conv_bn(net, input, "features.0", 32, 3, 2, 0, ACTIVATION_RELU6);
  int index = 1;
  for (size_t r = 0; r < sizeof ROWS / sizeof *ROWS; ++r)
    for (int i = 0; i < ROWS[r].n; ++i, ++index)
      x = inverted_residual(net, x, ROWS[r].t, ROWS[r].c, i == 0 ? ROWS[r].s : 1,
                            index);
  char name[64];
  snprintf(name, sizeof name, "features.%d", index);
  x = layer_conv_bn(net, x, name, 1280, 1, 1, 0, ACTIVATION_RELU6);
  x = layer_global_pool(net, x);
  layer_linear(net, x, "classifier.1", CLASSIFIER_CLASSES, ACTIVATION_NONE,
               &logits);
}
