/* mobilenet_v3.h - torchvision's MobileNetV3-Large and -Small (width 1.0,
 * 1000 classes) defined in an XNNPACK subgraph. */
#ifndef MNV3C_BENCH_MOBILENET_V3_H
#define MNV3C_BENCH_MOBILENET_V3_H

#include "layers.h"

struct mobilenet_v3; /* one architecture's table, in mobilenet_v3.c */

/* "large" or "small"; NULL for any other name. */
const struct mobilenet_v3 *mobilenet_v3_find(const char *name);

/* Defines the whole network from `input` ([1, 224, 224, 3] NHWC) to
 * `logits` ([1, 1, 1, 1000]); check net->failed afterwards. */
void mobilenet_v3_define(struct network *net, const struct mobilenet_v3 *arch,
                         struct tensor input, struct tensor logits);

#endif
