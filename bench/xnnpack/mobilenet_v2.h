/* mobilenet_v2.h - torchvision's MobileNetV2 (width 1.0, 1000 classes)
 * defined in an XNNPACK subgraph. */
#ifndef MNV3C_BENCH_MOBILENET_V2_H
#define MNV3C_BENCH_MOBILENET_V2_H

#include "layers.h"

/* Defines the whole network from `input` ([1, 224, 224, 3] NHWC) to
 * `logits` ([1, 1, 1, 1000]); sets net->batch_norm_eps; check net->failed
 * afterwards. */
void mobilenet_v2_define(struct network *net, struct tensor input,
                         struct tensor logits);

#endif
