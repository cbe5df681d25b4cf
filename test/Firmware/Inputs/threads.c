/* threads.c - a --threads N library's threads and callers.
 *   threads INPUT.f32 EXPECT_THREADS
 * EXPECT_THREADS: 1 for a single-threaded library (no thread may ever
 * start), N for a --threads N library. Checks: the threads alive after a
 * call; NAME_release() leaves only the caller's thread; a call after
 * NAME_release works and gives the same output; two application threads
 * calling NAME_run at the same time, each with its own scratch, get the
 * serial output bit for bit.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <string.h>

#include "harness.h"
#include "model.h"

enum { CALLERS = 2, CALLS = 8 };

static float input[INPUT_SIZE], serial[OUTPUT_SIZE];

static int threads_alive(void) {
  DIR *d = opendir("/proc/self/task");
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    n += e->d_name[0] != '.';
  if (d)
    closedir(d);
  return n;
}

struct caller {
  pthread_t thread;
  unsigned char *scratch;
  float output[OUTPUT_SIZE];
  int same;
};

static void *call_repeatedly(void *arg) {
  struct caller *c = arg;
  c->same = 1;
  for (int i = 0; i < CALLS; i++) {
    memset(c->output, 0, sizeof c->output);
    c->same &= RUN(input, c->output, c->scratch) == 0 &&
               memcmp(c->output, serial, sizeof serial) == 0;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return fprintf(stderr, "usage: %s INPUT.f32 EXPECT_THREADS\n", argv[0]), 2;
  read_floats(argv[1], input, INPUT_SIZE);
  int expect = atoi(argv[2]);
  static unsigned char scratch[SCRATCH_BYTES];
  int status = RUN(input, serial, scratch);
  int alive = threads_alive();
  CHECK(status == 0 && (expect == 1 ? alive == 1 : alive >= 1 && alive <= expect),
        "after a call: %d thread(s) alive (library threads: %d)", alive, expect);
  CHECK(RELEASE() == 0 && threads_alive() == 1,
        "after NAME_release: %d thread(s) alive", threads_alive());

  float again[OUTPUT_SIZE];
  status = RUN(input, again, scratch);
  CHECK(status == 0 && memcmp(again, serial, sizeof again) == 0,
        "a call after NAME_release gives the same output");

  struct caller callers[CALLERS];
  for (int i = 0; i < CALLERS; i++) {
    callers[i].scratch = malloc(SCRATCH_BYTES);
    pthread_create(&callers[i].thread, NULL, call_repeatedly, &callers[i]);
  }
  int same = 1;
  for (int i = 0; i < CALLERS; i++) {
    pthread_join(callers[i].thread, NULL);
    same &= callers[i].same;
    free(callers[i].scratch);
  }
  CHECK(same, "%d application threads x %d concurrent calls: serial output "
        "bit for bit", CALLERS, CALLS);
  RELEASE();
  CHECK(threads_alive() == 1, "after the last NAME_release: %d thread(s)",
        threads_alive());
  return finish();
}
