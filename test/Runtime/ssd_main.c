/* Runs runtime/c/mnv3_ssd.c on files written by ssd_reference.py:
 *   ssd_main DIR
 *   ssd_main --errors      bad arguments, each must return -1
 * reads DIR/case.txt (maps, grid sizes, image size, params, anchors,
 * classes), DIR/bbox_regression.f32 and DIR/cls_logits.f32; writes
 * DIR/anchors.out.f32 (the default boxes) and DIR/detections.out.txt (one
 * "x1 y1 x2 y2 score label" line per detection). */
#include "mnv3_ssd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *read_file(const char *dir, const char *name, size_t bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  void *data = malloc(bytes ? bytes : 1);
  if (!f || !data || fread(data, 1, bytes, f) != bytes) {
    fprintf(stderr, "ssd_main: cannot read %zu bytes of %s\n", bytes, path);
    exit(2);
  }
  fclose(f);
  return data;
}

/* Every argument mnv3_ssd_decode and mnv3_ssd_default_boxes refuse. */
static int check_errors(void) {
  mnv3_ssd_params p;
  mnv3_ssd_default_params(&p);
  float f[8] = {0};
  char ws[256];
  mnv3_detection d[1];
  int grid[2] = {1, 1}, bad_grid[2] = {0, 1}, ratios[2] = {2, 3};
  mnv3_ssd_params zero_topk = p;
  zero_topk.topk_candidates = 0;
  struct {
    const char *what;
    long got;
  } cases[] = {
      {"NULL regression", mnv3_ssd_decode(NULL, f, f, 1, 2, 8, 8, &p, ws, d, 1)},
      {"NULL logits", mnv3_ssd_decode(f, NULL, f, 1, 2, 8, 8, &p, ws, d, 1)},
      {"NULL boxes", mnv3_ssd_decode(f, f, NULL, 1, 2, 8, 8, &p, ws, d, 1)},
      {"NULL workspace", mnv3_ssd_decode(f, f, f, 1, 2, 8, 8, &p, NULL, d, 1)},
      {"NULL params", mnv3_ssd_decode(f, f, f, 1, 2, 8, 8, NULL, ws, d, 1)},
      {"NULL detections", mnv3_ssd_decode(f, f, f, 1, 2, 8, 8, &p, ws, NULL, 1)},
      {"no anchors", mnv3_ssd_decode(f, f, f, 0, 2, 8, 8, &p, ws, d, 1)},
      {"one class", mnv3_ssd_decode(f, f, f, 1, 1, 8, 8, &p, ws, d, 1)},
      {"empty image", mnv3_ssd_decode(f, f, f, 1, 2, 0, 8, &p, ws, d, 1)},
      {"negative room", mnv3_ssd_decode(f, f, f, 1, 2, 8, 8, &p, ws, d, -1)},
      {"top-k 0", mnv3_ssd_decode(f, f, f, 1, 2, 8, 8, &zero_topk, ws, d, 1)},
      {"workspace of top-k 0", (long)mnv3_ssd_workspace_bytes(1, 2, &zero_topk) - 1},
      {"no maps", mnv3_ssd_default_boxes(0, grid, ratios, 2, 0.2, 0.95, 8, 8, NULL)},
      {"empty grid", mnv3_ssd_default_boxes(1, bad_grid, ratios, 2, 0.2, 0.95, 8, 8, NULL)},
      {"NULL ratios", mnv3_ssd_default_boxes(1, grid, NULL, 2, 0.2, 0.95, 8, 8, NULL)},
      {"empty image boxes", mnv3_ssd_default_boxes(1, grid, ratios, 2, 0.2, 0.95, 8, 0, NULL)},
  };
  int n = (int)(sizeof cases / sizeof cases[0]), failed = 0;
  for (int i = 0; i < n; i++)
    if (cases[i].got != -1) {
      printf("FAIL: %s returned %ld, expected -1\n", cases[i].what, cases[i].got);
      failed++;
    }
  printf("%d of %d bad-argument cases refused\n", n - failed, n);
  return failed ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--errors"))
    return check_errors();
  if (argc != 2) {
    fprintf(stderr, "usage: ssd_main DIR\n");
    return 2;
  }
  const char *dir = argv[1];
  char path[4096];
  snprintf(path, sizeof path, "%s/case.txt", dir);
  FILE *f = fopen(path, "r");
  int maps, grid[128], ratios[2] = {2, 3}, image_h, image_w, classes;
  mnv3_ssd_params p;
  mnv3_ssd_default_params(&p);
  if (!f || fscanf(f, "%d", &maps) != 1 || maps < 1 || maps > 64) {
    fprintf(stderr, "ssd_main: bad %s\n", path);
    return 2;
  }
  for (int i = 0; i < 2 * maps; i++)
    if (fscanf(f, "%d", &grid[i]) != 1)
      return 2;
  if (fscanf(f, "%d %d %d %f %f %d %d", &image_h, &image_w, &classes,
             &p.score_thresh, &p.nms_thresh, &p.topk_candidates,
             &p.detections_per_image) != 7)
    return 2;
  fclose(f);

  int *ratio_table = malloc(sizeof(int) * 2 * maps);
  for (int k = 0; k < maps; k++)
    memcpy(ratio_table + 2 * k, ratios, sizeof ratios);
  long anchors = mnv3_ssd_default_boxes(maps, grid, ratio_table, 2, 0.2, 0.95,
                                        image_h, image_w, NULL);
  float *boxes = malloc(sizeof(float) * 4 * anchors);
  mnv3_ssd_default_boxes(maps, grid, ratio_table, 2, 0.2, 0.95, image_h,
                         image_w, boxes);
  snprintf(path, sizeof path, "%s/anchors.out.f32", dir);
  f = fopen(path, "wb");
  fwrite(boxes, sizeof(float), 4 * anchors, f);
  fclose(f);

  float *regression = read_file(dir, "bbox_regression.f32", sizeof(float) * 4 * anchors);
  float *logits = read_file(dir, "cls_logits.f32", sizeof(float) * anchors * classes);
  size_t bytes = mnv3_ssd_workspace_bytes(anchors, classes, &p);
  void *workspace = malloc(bytes);
  mnv3_detection *found = malloc(sizeof *found * (p.detections_per_image + 1));
  int n = mnv3_ssd_decode(regression, logits, boxes, anchors, classes, image_h,
                          image_w, &p, workspace, found, p.detections_per_image);
  if (n < 0) {
    fprintf(stderr, "ssd_main: mnv3_ssd_decode returned %d\n", n);
    return 1;
  }
  snprintf(path, sizeof path, "%s/detections.out.txt", dir);
  f = fopen(path, "w");
  for (int i = 0; i < n; i++)
    fprintf(f, "%.9g %.9g %.9g %.9g %.9g %d\n", found[i].x1, found[i].y1,
            found[i].x2, found[i].y2, found[i].score, found[i].label);
  fclose(f);
  printf("%ld anchors, %d classes, workspace %zu bytes: %d detections\n",
         anchors, classes, bytes, n);
  free(found);
  free(workspace);
  free(logits);
  free(regression);
  free(boxes);
  free(ratio_table);
  return 0;
}
