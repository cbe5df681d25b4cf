/* mobilenet_v3.c - the two architectures as torchvision 0.14 builds them
 * (torchvision/models/mobilenetv3.py, _mobilenet_v3_conf), and their
 * state_dict names: features.0 is the stem, features.1..N the inverted
 * residual blocks, features.N+1 the last 1x1 conv, classifier.0 and
 * classifier.3 the two Linear layers (classifier.2 is dropout). */
#include "mobilenet_v3.h"

#include <stdio.h>
#include <string.h>

/* One inverted residual block, as torchvision's bneck_conf rows. */
struct block {
  int in, kernel, expanded, out, squeeze_excite, hardswish, stride;
};

struct mobilenet_v3 {
  const char *name;
  const struct block *blocks;
  int block_count;
  int last_channels; /* the classifier's hidden width */
};

static const struct block LARGE[] = {
    {16, 3, 16, 16, 0, 0, 1},     {16, 3, 64, 24, 0, 0, 2},
    {24, 3, 72, 24, 0, 0, 1},     {24, 5, 72, 40, 1, 0, 2},
    {40, 5, 120, 40, 1, 0, 1},    {40, 5, 120, 40, 1, 0, 1},
    {40, 3, 240, 80, 0, 1, 2},    {80, 3, 200, 80, 0, 1, 1},
    {80, 3, 184, 80, 0, 1, 1},    {80, 3, 184, 80, 0, 1, 1},
    {80, 3, 480, 112, 1, 1, 1},   {112, 3, 672, 112, 1, 1, 1},
    {112, 5, 672, 160, 1, 1, 2},  {160, 5, 960, 160, 1, 1, 1},
    {160, 5, 960, 160, 1, 1, 1},
};

static const struct block SMALL[] = {
    {16, 3, 16, 16, 1, 0, 2},   {16, 3, 72, 24, 0, 0, 2},
    {24, 3, 88, 24, 0, 0, 1},   {24, 5, 96, 40, 1, 1, 2},
    {40, 5, 240, 40, 1, 1, 1},  {40, 5, 240, 40, 1, 1, 1},
    {40, 5, 120, 48, 1, 1, 1},  {48, 5, 144, 48, 1, 1, 1},
    {48, 5, 288, 96, 1, 1, 2},  {96, 5, 576, 96, 1, 1, 1},
    {96, 5, 576, 96, 1, 1, 1},
};

static const struct mobilenet_v3 ARCHITECTURES[] = {
    {"large", LARGE, sizeof LARGE / sizeof *LARGE, 1280},
    {"small", SMALL, sizeof SMALL / sizeof *SMALL, 1024},
};

const struct mobilenet_v3 *mobilenet_v3_find(const char *name) {
  for (size_t i = 0; i < sizeof ARCHITECTURES / sizeof *ARCHITECTURES; ++i)
    if (strcmp(ARCHITECTURES[i].name, name) == 0)
      return &ARCHITECTURES[i];
  return NULL;
}

/* torchvision's _make_divisible(value, 8): the SE squeeze width. */
static int make_divisible(int value) {
  int rounded = (value + 4) / 8 * 8;
  if (rounded < 8)
    rounded = 8;
  return 10 * rounded < 9 * value ? rounded + 8 : rounded;
}

/* features.`index`: expand 1x1 (unless expanded == in), depthwise, SE,
 * project 1x1, residual add when the shape is kept. Sub-layers are
 * numbered block.0, block.1, ... in that order, skipping absent ones. */
static struct tensor inverted_residual(struct network *net, struct tensor in,
                                       const struct block *b, int index) {
  enum activation act = b->hardswish ? ACTIVATION_HARDSWISH : ACTIVATION_RELU;
  char name[64];
  int layer = 0;
  struct tensor x = in;
  if (b->expanded != b->in) {
    snprintf(name, sizeof name, "features.%d.block.%d", index, layer++);
    x = layer_conv_bn(net, x, name, b->expanded, 1, 1, 0, act);
  }
  snprintf(name, sizeof name, "features.%d.block.%d", index, layer++);
  x = layer_conv_bn(net, x, name, b->expanded, b->kernel, b->stride, 1, act);
  if (b->squeeze_excite) {
    snprintf(name, sizeof name, "features.%d.block.%d", index, layer++);
    x = layer_squeeze_excite(net, x, name, make_divisible(b->expanded / 4),
                               SQUEEZE_EXCITE_RELU_HARDSIGMOID);
  }
  snprintf(name, sizeof name, "features.%d.block.%d", index, layer++);
  x = layer_conv_bn(net, x, name, b->out, 1, 1, 0, ACTIVATION_NONE);
  return b->stride == 1 && b->in == b->out ? layer_add(net, x, in) : x;
}

void mobilenet_v3_define(struct network *net, const struct mobilenet_v3 *arch,
                         struct tensor input, struct tensor logits) {
  net->batch_norm_eps = 0.001; /* partial(nn.BatchNorm2d, eps=0.001) */
  struct tensor x = layer_conv_bn(net, input, "features.0", arch->blocks[0].in,
                                  3, 2, 0, ACTIVATION_HARDSWISH);
  for (int i = 0; i < arch->block_count; ++i)
    x = inverted_residual(net, x, &arch->blocks[i], i + 1);
  char name[64];
  snprintf(name, sizeof name, "features.%d", arch->block_count + 1);
  int last_conv = 6 * arch->blocks[arch->block_count - 1].out;
  x = layer_conv_bn(net, x, name, last_conv, 1, 1, 0, ACTIVATION_HARDSWISH);
  x = layer_global_pool(net, x);
  x = layer_linear(net, x, "classifier.0", arch->last_channels,
                   ACTIVATION_HARDSWISH, NULL);
  layer_linear(net, x, "classifier.3", CLASSIFIER_CLASSES, ACTIVATION_NONE,
               &logits);
}
