/* xnnpack_bench.c - XNNPACK (Debian's libxnnpack, subgraph API) running a
 * torchvision MobileNetV3, MobileNetV2 or EfficientNet-B0 as a benchmark
 * peer of mnv3c.
 *
 *   xnnpack_bench WEIGHTS.safetensors INPUT.f32 OUTPUT.f32
 *                 [--model large|small|mobilenet_v2|efficientnet_b0]
 *                 [--threads N] [--iters N]
 *
 * WEIGHTS is the torchvision state_dict as tools/mnv3-export-weights.py
 * writes it (BatchNorm unfolded; folded here). INPUT is one raw f32 NCHW
 * 1x3x224x224 image, OUTPUT gets the 1000 logits of the first run. Then
 * ITERS timed runs, each transposing the input to NHWC (XNNPACK's layout)
 * and running the network, are summarised on one line in the format of
 * bench/model_main.c: "NAME: median X ms  p10 ..  p90 ..  min Y  (N runs)".
 * Nothing is checked here: the caller compares the logits with torch. */
#define _POSIX_C_SOURCE 199309L
#include <pthreadpool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xnnpack.h>

#include "efficientnet_b0.h"
#include "mobilenet_v2.h"
#include "mobilenet_v3.h"

/* --model's values, for messages. */
#define MODELS "large|small|mobilenet_v2|efficientnet_b0"

#define PIXELS (CLASSIFIER_RESOLUTION * CLASSIFIER_RESOLUTION)
enum { INPUT_ID, LOGITS_ID, EXTERNAL_IDS };

struct transpose_job {
  const float *nchw;
  float *nhwc;
};

/* One row of the image; rows are shared out over the thread pool. */
static void transpose_row(void *context, size_t row) {
  const struct transpose_job *job = context;
  for (size_t x = 0; x < CLASSIFIER_RESOLUTION; ++x) {
    size_t pixel = row * CLASSIFIER_RESOLUTION + x;
    for (size_t c = 0; c < 3; ++c)
      job->nhwc[pixel * 3 + c] = job->nchw[c * PIXELS + pixel];
  }
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Reads or writes exactly `count` floats. */
static int floats_io(const char *path, float *data, size_t count, int writing) {
  FILE *file = fopen(path, writing ? "wb" : "rb");
  size_t done = 0;
  if (file) {
    done = writing ? fwrite(data, sizeof(float), count, file)
                   : fread(data, sizeof(float), count, file);
    if (!writing && fgetc(file) != EOF)
      done = 0; /* larger than one image */
    fclose(file);
  }
  if (done != count)
    fprintf(stderr, "%s: error: cannot %s %zu floats\n", path,
            writing ? "write" : "read", count);
  return done == count;
}

struct options {
  const char *weights, *input, *output, *model;
  int threads, iters;
};

static int parse(int argc, char **argv, struct options *o) {
  *o = (struct options){NULL, NULL, NULL, "large", 1, 0};
  const char **positional[] = {&o->weights, &o->input, &o->output};
  int given = 0;
  for (int i = 1; i < argc; ++i) {
    if (i + 1 < argc && strcmp(argv[i], "--model") == 0)
      o->model = argv[++i];
    else if (i + 1 < argc && strcmp(argv[i], "--threads") == 0)
      o->threads = atoi(argv[++i]);
    else if (i + 1 < argc && strcmp(argv[i], "--iters") == 0)
      o->iters = atoi(argv[++i]);
    else if (argv[i][0] != '-' && given < 3)
      *positional[given++] = argv[i];
    else
      return 0;
  }
  return given == 3 && o->threads >= 1 && o->iters >= 0;
}

/* The subgraph with the weights folded in; NULL after a message. */
static xnn_subgraph_t build(struct network *net, const char *model) {
  const struct mobilenet_v3 *v3 = mobilenet_v3_find(model);
  int v2 = strcmp(model, "mobilenet_v2") == 0;
  int b0 = strcmp(model, "efficientnet_b0") == 0;
  if (!v3 && !v2 && !b0) {
    fprintf(stderr, "error: unknown model %s (" MODELS ")\n", model);
    return NULL;
  }
  if (xnn_create_subgraph(EXTERNAL_IDS, 0, &net->subgraph) != xnn_status_success) {
    fprintf(stderr, "error: cannot create an XNNPACK subgraph\n");
    return NULL;
  }
  struct tensor input =
      layer_value(net, CLASSIFIER_RESOLUTION, CLASSIFIER_RESOLUTION, 3,
                  INPUT_ID, XNN_VALUE_FLAG_EXTERNAL_INPUT);
  struct tensor logits = layer_value(net, 1, 1, CLASSIFIER_CLASSES, LOGITS_ID,
                                     XNN_VALUE_FLAG_EXTERNAL_OUTPUT);
  if (v3)
    mobilenet_v3_define(net, v3, input, logits);
  else if (v2)
    mobilenet_v2_define(net, input, logits);
  else
    efficientnet_b0_define(net, input, logits);
  return net->failed ? NULL : net->subgraph;
}

int main(int argc, char **argv) {
  struct options o;
  if (!parse(argc, argv, &o)) {
    fprintf(stderr,
            "usage: %s WEIGHTS.safetensors INPUT.f32 OUTPUT.f32 "
            "[--model " MODELS "] [--threads N] [--iters N]\n",
            argv[0]);
    return 2;
  }
  static float nchw[3 * PIXELS], nhwc[3 * PIXELS], logits[CLASSIFIER_CLASSES];
  struct safetensors weights;
  if (!floats_io(o.input, nchw, 3 * PIXELS, 0) ||
      !safetensors_open(&weights, o.weights))
    return 1;
  if (xnn_initialize(NULL) != xnn_status_success) {
    fprintf(stderr, "error: XNNPACK does not support this CPU\n");
    return 1;
  }
  struct network net = {.weights = &weights};
  xnn_subgraph_t subgraph = build(&net, o.model);
  pthreadpool_t pool = pthreadpool_create(o.threads);
  xnn_runtime_t runtime = NULL;
  const struct xnn_external_value external[] = {{INPUT_ID, nhwc},
                                                {LOGITS_ID, logits}};
  if (!subgraph || !pool ||
      xnn_create_runtime_v2(subgraph, pool, 0, &runtime) != xnn_status_success ||
      xnn_setup_runtime(runtime, EXTERNAL_IDS, external) != xnn_status_success) {
    fprintf(stderr, "error: cannot build the XNNPACK runtime for %s\n", o.model);
    return 1;
  }
  xnn_delete_subgraph(subgraph); /* the runtime holds packed weights */
  safetensors_close(&weights);

  /* The first run also warms up; its logits are the output. */
  struct transpose_job job = {nchw, nhwc};
  pthreadpool_parallelize_1d(pool, transpose_row, &job, CLASSIFIER_RESOLUTION, 0);
  if (xnn_invoke_runtime(runtime) != xnn_status_success ||
      !floats_io(o.output, logits, CLASSIFIER_CLASSES, 1))
    return 1;
  double *times = malloc(sizeof(double) * (o.iters ? o.iters : 1));
  for (int i = 0; i < o.iters; ++i) {
    double start = now_ms();
    pthreadpool_parallelize_1d(pool, transpose_row, &job, CLASSIFIER_RESOLUTION, 0);
    if (xnn_invoke_runtime(runtime) != xnn_status_success)
      return 1;
    times[i] = now_ms() - start;
  }
  if (o.iters > 0) {
    qsort(times, o.iters, sizeof(double), compare);
    printf("xnnpack_%s: median %.3f ms  p10 %.3f  p90 %.3f  min %.3f  (%d runs)\n",
           o.model, times[o.iters / 2], times[o.iters / 10],
           times[(o.iters * 9) / 10], times[0], o.iters);
  }
  free(times);
  xnn_delete_runtime(runtime);
  pthreadpool_destroy(pool);
  network_free_weights(&net);
  xnn_deinitialize();
  return 0;
}
