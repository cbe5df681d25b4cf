/* mnv3_ssd.h - SSD default boxes and post-processing, as torchvision does them.
 *
 * Plain C99, shipped as source next to the generated library of an SSD
 * network: the network gives the two head outputs, this turns them into
 * detections exactly as torchvision.models.detection.SSD does after its
 * head (DefaultBoxGenerator, BoxCoder.decode_single with weights
 * (10, 10, 5, 5), clip_boxes_to_image, postprocess_detections: softmax,
 * score threshold, top-k per class, per-class NMS, detections per image).
 * No heap: the caller passes a workspace of mnv3_ssd_workspace_bytes().
 * Needs expf and sqrt from libm, nothing else.
 *
 * Boxes are (x1, y1, x2, y2) in pixels of the network's input image (e.g.
 * 320x320 for SSDLite320); torchvision then scales them to the original
 * image: x * original_width / input_width, y likewise.
 */
#ifndef MNV3_SSD_H
#define MNV3_SSD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  float score_thresh;       /* keep a class score above this */
  float nms_thresh;         /* drop a box whose IoU with a kept one of its class is above this */
  int topk_candidates;      /* best scores kept per class before NMS */
  int detections_per_image; /* kept in all, best first */
  float box_weights[4];     /* wx, wy, ww, wh of the box coder */
  float box_log_clip;       /* dw and dh are clamped to this before exp */
} mnv3_ssd_params;

typedef struct {
  float x1, y1, x2, y2; /* pixels of the input image */
  float score;          /* softmax probability of `label` */
  int label;            /* 1..classes-1 (0 is the background) */
} mnv3_detection;

/* torchvision's SSDLite320 settings: 0.001, 0.55, 300, 300,
 * (10, 10, 5, 5), log(1000 / 16). */
void mnv3_ssd_default_params(mnv3_ssd_params *params);

/* SSDLite's default boxes: DefaultBoxGenerator([[2, 3]] * maps,
 * min_ratio=0.2, max_ratio=0.95), so 6 boxes per cell. */
#define MNV3_SSDLITE_ASPECT_RATIO_A 2
#define MNV3_SSDLITE_ASPECT_RATIO_B 3
#define MNV3_SSDLITE_MIN_RATIO 0.2
#define MNV3_SSDLITE_MAX_RATIO 0.95

/* The default boxes of DefaultBoxGenerator(aspect_ratios, min_ratio,
 * max_ratio) (no explicit scales or steps, clip on) for `maps` feature maps
 * of grid_hw[2k] x grid_hw[2k+1] cells and an image_h x image_w input:
 * map k has 2 + 2 * ratios_per_map boxes per cell, ratios
 * aspect_ratios[k * ratios_per_map ...]. Writes (x1, y1, x2, y2) per box,
 * map by map, cell by cell (row-major), box by box, into `boxes` if it is
 * not NULL, and returns the number of boxes (or -1 for bad arguments). */
long mnv3_ssd_default_boxes(int maps, const int *grid_hw,
                            const int *aspect_ratios, int ratios_per_map,
                            double min_ratio, double max_ratio, int image_h,
                            int image_w, float *boxes);

/* Bytes of workspace mnv3_ssd_decode needs. */
size_t mnv3_ssd_workspace_bytes(long anchors, int classes,
                                const mnv3_ssd_params *params);

/* Detections from one image's head outputs: bbox_regression [anchors][4],
 * cls_logits [anchors][classes] (class 0 the background), default boxes
 * [anchors][4] as mnv3_ssd_default_boxes writes them. Writes at most
 * max_detections (at most params->detections_per_image are made), best
 * score first, and returns how many; -1 for a NULL pointer or a count out
 * of range. `workspace` (any alignment, mnv3_ssd_workspace_bytes) is
 * scratch. */
int mnv3_ssd_decode(const float *bbox_regression, const float *cls_logits,
                    const float *default_boxes, long anchors, int classes,
                    int image_h, int image_w, const mnv3_ssd_params *params,
                    void *workspace, mnv3_detection *detections,
                    int max_detections);

#ifdef __cplusplus
}
#endif

#endif /* MNV3_SSD_H */
