/* bare_main.c - runs a --freestanding library with no C library at all.
 *
 * Linked with -nostdlib -static: its own _start (the kernel's initial stack
 * in, exit_group out), raw system calls for open/read/write, and its own
 * memcpy, memmove and memset, the only C functions the library may need.
 *   bare_main INPUT.f32 OUTPUT.f32
 * reads exactly MODEL_INPUT_SIZE floats, runs MODEL_run with a static
 * scratch arena, writes the output; exit status 0, or 10 + a failing step,
 * or 100 - the library's error code.
 * Build with -DMODEL=NAME -ffreestanding -fno-builtin -fno-stack-protector
 * -fno-tree-loop-distribute-patterns (so the compiler does not turn the
 * loops below back into calls to memset/memcpy), and -marm on ARMv7.
 */
#include <stddef.h>

#include "model.h"

/* ---- system calls ---- */
#if defined(__x86_64__)
enum { SYS_read = 0, SYS_write = 1, SYS_open = 2, SYS_close = 3,
       SYS_exit_group = 231 };
static long sys4(long n, long a, long b, long c, long d) {
  long r;
  register long r10 __asm__("r10") = d;
  __asm__ volatile("syscall"
                   : "=a"(r)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                   : "rcx", "r11", "memory");
  return r;
}
__asm__(".globl _start\n_start:\n"
        "  xor %rbp, %rbp\n  mov %rsp, %rdi\n  and $-16, %rsp\n"
        "  call start_c\n  hlt\n");
#elif defined(__aarch64__)
enum { SYS_openat = 56, SYS_close = 57, SYS_read = 63, SYS_write = 64,
       SYS_exit_group = 94 };
static long sys4(long n, long a, long b, long c, long d) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  __asm__ volatile("svc 0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3)
                   : "memory");
  return x0;
}
__asm__(".globl _start\n_start:\n  mov x0, sp\n  bl start_c\n  b .\n");
#elif defined(__arm__)
enum { SYS_read = 3, SYS_write = 4, SYS_open = 5, SYS_close = 6,
       SYS_exit_group = 248 };
static long sys4(long n, long a, long b, long c, long d) {
  register long r7 __asm__("r7") = n;
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  __asm__ volatile("svc 0"
                   : "+r"(r0)
                   : "r"(r7), "r"(r1), "r"(r2), "r"(r3)
                   : "memory");
  return r0;
}
__asm__(".globl _start\n_start:\n  mov r0, sp\n  bic sp, sp, #7\n"
        "  bl start_c\n  b .\n");
#else
#error "bare_main.c: unsupported architecture"
#endif

static long sys3(long n, long a, long b, long c) { return sys4(n, a, b, c, 0); }

static long open_file(const char *path, int writing) {
  /* O_RDONLY = 0; O_WRONLY|O_CREAT|O_TRUNC = 01 | 0100 | 01000 */
  long flags = writing ? 01101 : 0;
#if defined(__aarch64__)
  return sys4(SYS_openat, -100 /* AT_FDCWD */, (long)path, flags, 0644);
#else
  return sys3(SYS_open, (long)path, flags, 0644);
#endif
}

static void exit_now(int status) {
  for (;;)
    sys3(SYS_exit_group, status, 0, 0);
}

/* ---- the C functions a freestanding library may call ---- */
void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}
void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s)
    while (n--)
      *d++ = *s++;
  else
    while (n--)
      d[n] = s[n];
  return dst;
}
void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}

/* ---- the program ---- */
static float input[INPUT_SIZE], output[OUTPUT_SIZE];
static unsigned char scratch[SCRATCH_BYTES];

/* Reads exactly `bytes` bytes, then expects end of file. */
static int read_exactly(const char *path, void *data, long bytes) {
  long fd = open_file(path, 0), got = 0, r;
  char extra;
  if (fd < 0)
    return 0;
  while (got < bytes && (r = sys3(SYS_read, fd, (long)data + got, bytes - got)) > 0)
    got += r;
  r = sys3(SYS_read, fd, (long)&extra, 1);
  sys3(SYS_close, fd, 0, 0);
  return got == bytes && r == 0;
}

static int write_all(const char *path, const void *data, long bytes) {
  long fd = open_file(path, 1), done = 0, r;
  if (fd < 0)
    return 0;
  while (done < bytes && (r = sys3(SYS_write, fd, (long)data + done, bytes - done)) > 0)
    done += r;
  sys3(SYS_close, fd, 0, 0);
  return done == bytes;
}

void start_c(long *sp) {
  long argc = sp[0];
  char **argv = (char **)(sp + 1);
  if (argc != 3)
    exit_now(10);
  if (!read_exactly(argv[1], input, sizeof input))
    exit_now(11);
  int status = RUN(input, output, scratch);
  if (status != 0)
    exit_now(100 + status);
  if (!write_all(argv[2], output, sizeof output))
    exit_now(12);
  exit_now(0);
}
