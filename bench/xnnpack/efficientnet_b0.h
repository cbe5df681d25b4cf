/* efficientnet_b0.h - torchvision's EfficientNet-B0 (width and depth 1.0,
 * 1000 classes) defined in an XNNPACK subgraph. */
#ifndef MNV3C_BENCH_EFFICIENTNET_B0_H
#define MNV3C_BENCH_EFFICIENTNET_B0_H

#include "layers.h"

/* Defines the whole network from `input` ([1, 224, 224, 3] NHWC) to
 * `logits` ([1, 1, 1, 1000]); sets net->batch_norm_eps; check net->failed
 * afterwards. */
void efficientnet_b0_define(struct network *net, struct tensor input,
                            struct tensor logits);

#endif
