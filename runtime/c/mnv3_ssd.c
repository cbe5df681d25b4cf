/* mnv3_ssd.c - see mnv3_ssd.h. Each step is the torchvision code it
 * reproduces, in the same float arithmetic where that decides a result
 * (softmax, box decoding, IoU). */
#include "mnv3_ssd.h"

#include <math.h>
#include <stdint.h>

void mnv3_ssd_default_params(mnv3_ssd_params *p) {
  p->score_thresh = 0.001f;
  p->nms_thresh = 0.55f;
  p->topk_candidates = 300;
  p->detections_per_image = 300;
  p->box_weights[0] = 10.0f;
  p->box_weights[1] = 10.0f;
  p->box_weights[2] = 5.0f;
  p->box_weights[3] = 5.0f;
  p->box_log_clip = (float)log(1000.0 / 16.0);
}

/* ---- default boxes (DefaultBoxGenerator) ------------------------------- */

static float clamp01(double v) { return (float)(v < 0 ? 0 : v > 1 ? 1 : v); }

long mnv3_ssd_default_boxes(int maps, const int *grid_hw,
                            const int *aspect_ratios, int ratios_per_map,
                            double min_ratio, double max_ratio, int image_h,
                            int image_w, float *boxes) {
  long count = 0;
  if (maps < 1 || maps > 64 || !grid_hw || ratios_per_map < 0 ||
      ratios_per_map > 16 || (ratios_per_map && !aspect_ratios) ||
      image_h < 1 || image_w < 1)
    return -1;
  for (int k = 0; k < maps; k++) {
    int fh = grid_hw[2 * k], fw = grid_hw[2 * k + 1];
    if (fh < 1 || fw < 1)
      return -1;
    /* Scales in double, as Python computes them; one more (1.0) at the end. */
    double s = maps > 1 ? min_ratio + (max_ratio - min_ratio) * k / (maps - 1.0)
                        : (k == 0 ? min_ratio : max_ratio);
    double next = maps > 1 ? (k + 1 < maps ? min_ratio + (max_ratio - min_ratio) *
                                                 (k + 1) / (maps - 1.0)
                                           : 1.0)
                           : max_ratio;
    float wh[2 + 2 * 16][2];
    int pairs = 0;
    double prime = sqrt(s * next);
    wh[pairs][0] = clamp01(s), wh[pairs][1] = clamp01(s), pairs++;
    wh[pairs][0] = clamp01(prime), wh[pairs][1] = clamp01(prime), pairs++;
    for (int r = 0; r < ratios_per_map; r++) {
      double root = sqrt((double)aspect_ratios[k * ratios_per_map + r]);
      double w = s * root, h = s / root;
      wh[pairs][0] = clamp01(w), wh[pairs][1] = clamp01(h), pairs++;
      wh[pairs][0] = clamp01(h), wh[pairs][1] = clamp01(w), pairs++;
    }
    for (int y = 0; y < fh; y++)
      for (int x = 0; x < fw; x++)
        for (int p = 0; p < pairs; p++, count++) {
          if (!boxes)
            continue;
          /* (arange + 0.5) / f in float, then corners times the size. */
          float cx = ((float)x + 0.5f) / (float)fw, cy = ((float)y + 0.5f) / (float)fh;
          float *b = boxes + 4 * count;
          b[0] = (cx - 0.5f * wh[p][0]) * (float)image_w;
          b[1] = (cy - 0.5f * wh[p][1]) * (float)image_h;
          b[2] = (cx + 0.5f * wh[p][0]) * (float)image_w;
          b[3] = (cy + 0.5f * wh[p][1]) * (float)image_h;
        }
  }
  return count;
}

/* ---- workspace ---------------------------------------------------------- */

typedef struct {
  float score;
  int32_t anchor, label;
} candidate;

typedef struct {
  float *scores;         /* [anchors][classes] softmax */
  float *boxes;          /* [anchors][4] decoded, clipped */
  candidate *candidates; /* [classes - 1][topk] */
  unsigned char *suppressed; /* [topk], one class at a time */
} workspace_layout;

static size_t round_up(size_t n) { return (n + 63) & ~(size_t)63; }

static size_t layout(long anchors, int classes, int topk, char *base,
                     workspace_layout *w) {
  size_t scores = round_up((size_t)anchors * classes * sizeof(float));
  size_t boxes = round_up((size_t)anchors * 4 * sizeof(float));
  size_t cands = round_up((size_t)(classes - 1) * topk * sizeof(candidate));
  size_t flags = round_up((size_t)topk);
  if (w && base) {
    w->scores = (float *)base;
    w->boxes = (float *)(base + scores);
    w->candidates = (candidate *)(base + scores + boxes);
    w->suppressed = (unsigned char *)(base + scores + boxes + cands);
  }
  return scores + boxes + cands + flags + 64; /* + 64: any alignment */
}

static int bad_counts(long anchors, int classes, const mnv3_ssd_params *p) {
  return !p || anchors < 1 || anchors > (1L << 24) || classes < 2 ||
         classes > 100000 || p->topk_candidates < 1 ||
         p->topk_candidates > (1 << 20) || p->detections_per_image < 0;
}

size_t mnv3_ssd_workspace_bytes(long anchors, int classes,
                                const mnv3_ssd_params *p) {
  if (bad_counts(anchors, classes, p))
    return 0;
  return layout(anchors, classes, p->topk_candidates, NULL, NULL);
}

/* ---- ordering: best score first ---------------------------------------- */

/* a goes before b. NaN never reaches here (it fails the threshold). */
static int better(const candidate *a, const candidate *b) { return a->score > b->score; }

static void sift_down(candidate *c, long n, long i, int worst_on_top) {
  for (;;) {
    long l = 2 * i + 1, r = l + 1, top = i;
    if (worst_on_top) { /* min-heap by score: the worst of the kept on top */
      if (l < n && better(&c[top], &c[l])) top = l;
      if (r < n && better(&c[top], &c[r])) top = r;
    } else { /* max-heap: the best on top */
      if (l < n && better(&c[l], &c[top])) top = l;
      if (r < n && better(&c[r], &c[top])) top = r;
    }
    if (top == i)
      return;
    candidate t = c[i];
    c[i] = c[top];
    c[top] = t;
    i = top;
  }
}

/* Sorts best first (heapsort on a min-heap: the worst goes to the end). */
static void sort_best_first(candidate *c, long n) {
  for (long i = n / 2 - 1; i >= 0; i--)
    sift_down(c, n, i, 1);
  for (long end = n - 1; end > 0; end--) {
    candidate t = c[0];
    c[0] = c[end];
    c[end] = t;
    sift_down(c, end, 0, 1);
  }
}

/* ---- the steps of SSD.postprocess_detections --------------------------- */

/* F.softmax(cls_logits, dim=-1) for one anchor. */
static void softmax(const float *logits, int classes, float *out) {
  float max = logits[0];
  for (int k = 1; k < classes; k++)
    max = logits[k] > max ? logits[k] : max;
  float sum = 0;
  for (int k = 0; k < classes; k++)
    sum += out[k] = expf(logits[k] - max);
  for (int k = 0; k < classes; k++)
    out[k] /= sum;
}

/* BoxCoder.decode_single for one anchor, then clip_boxes_to_image. */
static void decode_box(const float *rel, const float *anchor,
                       const mnv3_ssd_params *p, int image_h, int image_w,
                       float *out) {
  float width = anchor[2] - anchor[0], height = anchor[3] - anchor[1];
  float ctr_x = anchor[0] + 0.5f * width, ctr_y = anchor[1] + 0.5f * height;
  float dx = rel[0] / p->box_weights[0], dy = rel[1] / p->box_weights[1];
  float dw = rel[2] / p->box_weights[2], dh = rel[3] / p->box_weights[3];
  dw = dw > p->box_log_clip ? p->box_log_clip : dw;
  dh = dh > p->box_log_clip ? p->box_log_clip : dh;
  float pred_x = dx * width + ctr_x, pred_y = dy * height + ctr_y;
  float half_w = 0.5f * (expf(dw) * width), half_h = 0.5f * (expf(dh) * height);
  float box[4] = {pred_x - half_w, pred_y - half_h, pred_x + half_w, pred_y + half_h};
  float limit[4] = {(float)image_w, (float)image_h, (float)image_w, (float)image_h};
  for (int i = 0; i < 4; i++)
    out[i] = box[i] < 0 ? 0 : box[i] > limit[i] ? limit[i] : box[i];
}

/* torchvision.ops.nms's overlap test for two boxes. */
static int overlaps(const float *a, const float *b, float threshold) {
  float area_a = (a[2] - a[0]) * (a[3] - a[1]), area_b = (b[2] - b[0]) * (b[3] - b[1]);
  float w = (a[2] < b[2] ? a[2] : b[2]) - (a[0] > b[0] ? a[0] : b[0]);
  float h = (a[3] < b[3] ? a[3] : b[3]) - (a[1] > b[1] ? a[1] : b[1]);
  float inter = (w > 0 ? w : 0) * (h > 0 ? h : 0);
  return inter / (area_a + area_b - inter) > threshold;
}

int mnv3_ssd_decode(const float *bbox_regression, const float *cls_logits,
                    const float *default_boxes, long anchors, int classes,
                    int image_h, int image_w, const mnv3_ssd_params *p,
                    void *workspace, mnv3_detection *detections,
                    int max_detections) {
  if (!bbox_regression || !cls_logits || !default_boxes || !workspace ||
      (!detections && max_detections > 0) || max_detections < 0 ||
      bad_counts(anchors, classes, p) || image_h < 1 || image_w < 1)
    return -1;
  workspace_layout w;
  char *base = (char *)workspace;
  base += (64 - (uintptr_t)base % 64) % 64;
  layout(anchors, classes, p->topk_candidates, base, &w);

  for (long a = 0; a < anchors; a++) {
    softmax(cls_logits + a * classes, classes, w.scores + a * classes);
    decode_box(bbox_regression + 4 * a, default_boxes + 4 * a, p, image_h,
               image_w, w.boxes + 4 * a);
  }

  /* Per class: scores above the threshold, the top-k of them (a min-heap
   * of the best k so far), best first; then greedy NMS within the class. */
  long kept = 0;
  int topk = p->topk_candidates;
  for (int label = 1; label < classes; label++) {
    candidate *c = w.candidates + kept;
    long n = 0;
    for (long a = 0; a < anchors; a++) {
      float score = w.scores[a * classes + label];
      if (!(score > p->score_thresh))
        continue;
      candidate next = {score, (int32_t)a, label};
      if (n < topk) {
        c[n++] = next;
        if (n == topk)
          for (long i = n / 2 - 1; i >= 0; i--)
            sift_down(c, n, i, 1);
      } else if (better(&next, &c[0])) {
        c[0] = next;
        sift_down(c, n, 0, 1);
      }
    }
    sort_best_first(c, n);
    unsigned char *gone = w.suppressed;
    for (long i = 0; i < n; i++)
      gone[i] = 0;
    long survivors = 0;
    for (long i = 0; i < n; i++) {
      if (gone[i])
        continue;
      const float *box = w.boxes + 4 * c[i].anchor;
      for (long j = i + 1; j < n; j++)
        if (!gone[j] && overlaps(box, w.boxes + 4 * c[j].anchor, p->nms_thresh))
          gone[j] = 1;
      c[survivors++] = c[i]; /* survivors <= i: packing in place is safe */
    }
    kept += survivors;
  }

  /* All classes together, best first, at most detections_per_image. */
  sort_best_first(w.candidates, kept);
  long out = kept < p->detections_per_image ? kept : p->detections_per_image;
  out = out < max_detections ? out : max_detections;
  for (long i = 0; i < out; i++) {
    const candidate *c = &w.candidates[i];
    const float *box = w.boxes + 4 * c->anchor;
    mnv3_detection d = {box[0], box[1], box[2], box[3], c->score, c->label};
    detections[i] = d;
  }
  return (int)out;
}
