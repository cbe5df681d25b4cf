/* efficientnet_b0.c - EfficientNet-B0 as torchvision 0.14 builds it
 * (torchvision/models/efficientnet.py, _efficientnet_conf) and its
 * state_dict names: features.0 is the stem, features.1..7 the stages (one
 * Sequential of MBConv blocks each, block M's pieces in
 * features.N.M.block.K), features.8 the last 1x1 conv, classifier.1 the
 * Linear layer (classifier.0 is dropout). SiLU everywhere; every block
 * has a squeeze-excite. */
#include "efficientnet_b0.h"

#include <stdio.h>

/* Table 1 of the paper as torchvision's bneck_conf rows: expansion,
 * kernel, stride of the first block, channels in and out, blocks. */
static const struct {
  int expand, kernel, stride, in, out, blocks;
} STAGES[] = {{1, 3, 1, 32, 16, 1},   {6, 3, 2, 16, 24, 2},
              {6, 5, 2, 24, 40, 2},   {6, 3, 2, 40, 80, 3},
              {6, 5, 1, 80, 112, 3},  {6, 5, 2, 112, 192, 4},
              {6, 3, 1, 192, 320, 1}};

/* features.`stage`.`block`: expand 1x1 (unless the expansion is 1),
 * depthwise, squeeze-excite, project 1x1, residual add when the shape is
 * kept (stochastic depth is the identity at inference). Pieces are
 * numbered block.0, block.1, ... skipping an absent expansion. */
static struct tensor mbconv(struct network *net, struct tensor in, int expand,
                            int kernel, int stride, size_t out, int stage,
                            int block) {
  char name[64];
  int piece = 0;
  /* torchvision rounds in * expand to a multiple of 8; B0's channel
   * counts are all multiples of 8 already. */
  size_t expanded = in.channels * expand;
  struct tensor x = in;
  if (expand != 1) {
    snprintf(name, sizeof name, "features.%d.%d.block.%d", stage, block, piece++);
    x = layer_conv_bn(net, x, name, expanded, 1, 1, 0, ACTIVATION_SILU);
  }
  snprintf(name, sizeof name, "features.%d.%d.block.%d", stage, block, piece++);
  x = layer_conv_bn(net, x, name, expanded, kernel, stride, 1, ACTIVATION_SILU);
  /* The squeeze width follows the block's input, not its expansion. */
  size_t squeeze = in.channels / 4 > 1 ? in.channels / 4 : 1;
  snprintf(name, sizeof name, "features.%d.%d.block.%d", stage, block, piece++);
  x = layer_squeeze_excite(net, x, name, squeeze, SQUEEZE_EXCITE_SILU_SIGMOID);
  snprintf(name, sizeof name, "features.%d.%d.block.%d", stage, block, piece++);
  x = layer_conv_bn(net, x, name, out, 1, 1, 0, ACTIVATION_NONE);
  return stride == 1 && in.channels == out ? layer_add(net, x, in) : x;
}

void efficientnet_b0_define(struct network *net, struct tensor input,
                            struct tensor logits) {
  net->batch_norm_eps = 1e-5; /* B0 passes no norm_layer: nn.BatchNorm2d */
  struct tensor x = layer_conv_bn(net, input, "features.0", STAGES[0].in, 3, 2,
                                  0, ACTIVATION_SILU);
  int stage_count = sizeof STAGES / sizeof *STAGES;
  for (int s = 0; s < stage_count; ++s)
    for (int b = 0; b < STAGES[s].blocks; ++b)
      x = mbconv(net, x, STAGES[s].expand, STAGES[s].kernel,
                 b == 0 ? STAGES[s].stride : 1, STAGES[s].out, s + 1, b);
  char name[64];
  snprintf(name, sizeof name, "features.%d", stage_count + 1);
  /* The head is 4 x the last stage's channels: 1280. */
  x = layer_conv_bn(net, x, name, 4 * STAGES[stage_count - 1].out, 1, 1, 0,
                    ACTIVATION_SILU);
  x = layer_global_pool(net, x);
  layer_linear(net, x, "classifier.1", CLASSIFIER_CLASSES, ACTIVATION_NONE,
               &logits);
}
