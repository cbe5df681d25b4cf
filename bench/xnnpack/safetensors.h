/* safetensors.h - reads F32 tensors by name from a .safetensors file.
 *
 * The format: an 8-byte little-endian header length N, N bytes of JSON
 * ({"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
 * ...}, offsets counted from the end of the header), then the raw data.
 * Only what the benchmark needs is parsed: dtype, shape and data_offsets of
 * the tensors asked for, on a little-endian host. */
#ifndef MNV3C_BENCH_SAFETENSORS_H
#define MNV3C_BENCH_SAFETENSORS_H

#include <stddef.h>

struct safetensors {
  unsigned char *bytes; /* the whole file */
  size_t size;
  const char *header; /* JSON text, not NUL-terminated */
  size_t header_size;
  const unsigned char *data;
  size_t data_size;
  const char *path; /* for messages */
};

/* Reads the whole file; prints a message and returns 0 on failure. */
int safetensors_open(struct safetensors *file, const char *path);

/* Copies tensor `name` into `out` if it is F32 with exactly `count`
 * elements; prints a message and returns 0 otherwise. */
int safetensors_read_f32(const struct safetensors *file, const char *name,
                         float *out, size_t count);

void safetensors_close(struct safetensors *file);

#endif
