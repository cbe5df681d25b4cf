/* stack_probe.c - does NAME_run stay within NAME_STACK_BYTES?
 *
 * Runs NAME_run on a stack of its own (ucontext) that is NAME_STACK_BYTES
 * plus HARNESS_BYTES for the two frames above the call (makecontext's
 * trampoline and call_model), with an inaccessible guard page right below
 * it: going deeper faults, and the fault is reported. The stack is painted
 * first, so the depth actually used is measured too.
 *   stack_probe INPUT.f32 [PERCENT]
 * PERCENT (default 100) shrinks NAME_STACK_BYTES: a run at a fraction of
 * the bound is the negative control that shows the guard page works.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "harness.h"
#include "model.h"

enum { HARNESS_BYTES = 512, PAINT = 0xA5 };

static float input[INPUT_SIZE], output[OUTPUT_SIZE];
static unsigned char scratch[SCRATCH_BYTES];
static ucontext_t caller, callee;
static int status = -1000;

static void call_model(void) { status = RUN(input, output, scratch); }

static void on_fault(int sig) {
  (void)sig;
  static const char msg[] = "stack overflow: NAME_run hit the guard page\n";
  if (write(2, msg, sizeof msg - 1) < 0)
    _exit(4);
  _exit(3);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return fprintf(stderr, "usage: %s INPUT.f32 [PERCENT]\n", argv[0]), 2;
  read_floats(argv[1], input, INPUT_SIZE);
  long percent = argc > 2 ? atol(argv[2]) : 100;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t size = (size_t)STACK_BYTES * percent / 100 + HARNESS_BYTES;
  size_t mapped = page + (size + page - 1) / page * page;
  unsigned char *map = mmap(NULL, mapped, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED || mprotect(map, page, PROT_NONE) != 0)
    return perror("mmap"), 2;
  unsigned char *stack = map + page; /* the guard page is right below */
  memset(stack, PAINT, size);

  /* The fault handler needs a stack of its own. */
  static unsigned char alternate[64 * 1024];
  stack_t ss = {.ss_sp = alternate, .ss_size = sizeof alternate};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fault;
  sa.sa_flags = SA_ONSTACK;
  sigaltstack(&ss, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL); /* what qemu-arm raises for the guard page */

  getcontext(&callee);
  callee.uc_stack.ss_sp = stack;
  callee.uc_stack.ss_size = size;
  callee.uc_link = &caller;
  makecontext(&callee, call_model, 0);
  if (swapcontext(&caller, &callee) != 0)
    return perror("swapcontext"), 2;

  size_t untouched = 0;
  while (untouched < size && stack[untouched] == PAINT)
    untouched++;
  size_t used = size - untouched;
  CHECK(status == 0, "NAME_run returned %d on a %zu-byte stack", status, size);
  CHECK(used <= size, "used %zu bytes of stack, bound %d + %d for the harness",
        used, STACK_BYTES, HARNESS_BYTES);
  return finish();
}
