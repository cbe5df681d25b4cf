/* An application of a compiled SSD network: NAME_run on an image, then the
 * generated NAME_detect. Writes what test/Runtime/ssd_reference.py checks:
 *   detect_main INPUT.f32 DIR
 * DIR/head.f32 (NAME_run's output: bbox_regression then cls_logits),
 * DIR/anchors.out.f32 (NAME_default_boxes), DIR/detections.out.txt.
 *   cc -std=c99 -DMODEL=NAME -I LIBDIR detect_main.c LIBDIR/NAME_detect.c
 *      LIBDIR/mnv3_ssd.c LIBDIR/NAME.a -lm */
#include <stdio.h>
#include <stdlib.h>

#define STR2(x) #x
#define STR(x) STR2(x)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#include STR(MODEL.h)
#include STR(CAT(MODEL, _detect).h)

static FILE *open_in(const char *dir, const char *name, const char *mode) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, mode);
  if (!f) {
    fprintf(stderr, "detect_main: cannot open %s\n", path);
    exit(2);
  }
  return f;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: detect_main INPUT.f32 DIR\n");
    return 2;
  }
  static float input[CAT(MODEL, _INPUT_SIZE)], output[CAT(MODEL, _OUTPUT_SIZE)];
  static mnv3_detection found[300];
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(input, sizeof input, 1, f) != 1) {
    fprintf(stderr, "detect_main: cannot read %s\n", argv[1]);
    return 2;
  }
  fclose(f);
  void *scratch = malloc(CAT(MODEL, _SCRATCH_BYTES));
  void *workspace = malloc(CAT(MODEL, _detect_workspace_bytes)());
  int status = CAT(MODEL, _run)(input, output, scratch);
  if (status != 0) {
    fprintf(stderr, "detect_main: %s\n", CAT(MODEL, _error_string)(status));
    return 1;
  }
  int n = CAT(MODEL, _detect)(output, workspace, found, 300);
  if (n < 0) {
    fprintf(stderr, "detect_main: detect returned %d\n", n);
    return 1;
  }
  f = open_in(argv[2], "head.f32", "wb");
  fwrite(output, sizeof output, 1, f);
  fclose(f);
  f = open_in(argv[2], "anchors.out.f32", "wb");
  fwrite(CAT(MODEL, _default_boxes), sizeof(float), 4 * CAT(MODEL, _ANCHORS), f);
  fclose(f);
  f = open_in(argv[2], "detections.out.txt", "w");
  for (int i = 0; i < n; i++)
    fprintf(f, "%.9g %.9g %.9g %.9g %.9g %d\n", found[i].x1, found[i].y1,
            found[i].x2, found[i].y2, found[i].score, found[i].label);
  fclose(f);
  printf("%d anchors, %d classes: %d detections\n", CAT(MODEL, _ANCHORS),
         CAT(MODEL, _CLASSES), n);
  free(workspace);
  free(scratch);
  return 0;
}
