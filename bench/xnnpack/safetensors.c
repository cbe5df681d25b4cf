/* safetensors.c - see safetensors.h. The header is copied into a
 * NUL-terminated string so the lookups can use the C string functions;
 * tensor data is copied out with memcpy because an offset in the file need
 * not be float-aligned. */
#include "safetensors.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_spaces(const char *text) {
  while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
    ++text;
  return text;
}

/* The text after `"key":` inside [object, end), or NULL. */
static const char *field(const char *object, const char *end, const char *key) {
  char quoted[128]; /* tensor names here are under 40 characters */
  snprintf(quoted, sizeof quoted, "\"%s\"", key);
  for (const char *at = strstr(object, quoted); at && at < end;
       at = strstr(at + 1, quoted)) {
    const char *after = skip_spaces(at + strlen(quoted));
    if (*after == ':')
      return skip_spaces(after + 1);
  }
  return NULL;
}

/* Parses "[a, b, ...]" into at most `capacity` numbers; returns how many,
 * or -1 if the text is not such a list. */
static int number_list(const char *text, unsigned long long *numbers,
                       int capacity) {
  if (!text || *text != '[')
    return -1;
  text = skip_spaces(text + 1);
  int count = 0;
  while (*text != ']') {
    char *end;
    unsigned long long value = strtoull(text, &end, 10);
    if (end == text || count == capacity)
      return -1;
    numbers[count++] = value;
    text = skip_spaces(end);
    if (*text == ',')
      text = skip_spaces(text + 1);
    else if (*text != ']')
      return -1;
  }
  return count;
}

int safetensors_open(struct safetensors *file, const char *path) {
  memset(file, 0, sizeof *file);
  file->path = path;
  FILE *stream = fopen(path, "rb");
  if (!stream) {
    fprintf(stderr, "%s: error: cannot open\n", path);
    return 0;
  }
  fseek(stream, 0, SEEK_END);
  long size = ftell(stream);
  fseek(stream, 0, SEEK_SET);
  unsigned char *bytes = size > 8 ? malloc(size) : NULL;
  if (!bytes || fread(bytes, 1, size, stream) != (size_t)size) {
    fprintf(stderr, "%s: error: cannot read\n", path);
    fclose(stream);
    free(bytes);
    return 0;
  }
  fclose(stream);
  uint64_t header_size = 0;
  for (int i = 7; i >= 0; --i) /* little-endian u64 */
    header_size = header_size << 8 | bytes[i];
  if (header_size > (uint64_t)size - 8) {
    fprintf(stderr, "%s: error: header length %llu exceeds the file\n", path,
            (unsigned long long)header_size);
    free(bytes);
    return 0;
  }
  char *header = malloc(header_size + 1);
  memcpy(header, bytes + 8, header_size);
  header[header_size] = '\0';
  file->bytes = bytes;
  file->size = size;
  file->header = header;
  file->header_size = header_size;
  file->data = bytes + 8 + header_size;
  file->data_size = size - 8 - header_size;
  return 1;
}

int safetensors_read_f32(const struct safetensors *file, const char *name,
                         float *out, size_t count) {
  const char *entry = field(file->header, file->header + file->header_size, name);
  if (!entry || *entry != '{') {
    fprintf(stderr, "%s: error: no tensor %s\n", file->path, name);
    return 0;
  }
  const char *end = strchr(entry, '}'); /* a tensor entry nests no object */
  const char *dtype = field(entry, end, "dtype");
  unsigned long long shape[8], offsets[2];
  int rank = number_list(field(entry, end, "shape"), shape, 8);
  if (!dtype || strncmp(dtype, "\"F32\"", 5) != 0 || rank < 0 ||
      number_list(field(entry, end, "data_offsets"), offsets, 2) != 2) {
    fprintf(stderr, "%s: error: tensor %s is not an F32 tensor\n", file->path,
            name);
    return 0;
  }
  unsigned long long elements = 1;
  for (int i = 0; i < rank; ++i)
    elements *= shape[i];
  if (elements != count || offsets[1] - offsets[0] != count * sizeof(float) ||
      offsets[0] > offsets[1] || offsets[1] > file->data_size) {
    fprintf(stderr,
            "%s: error: tensor %s has %llu elements in bytes [%llu, %llu); "
            "this architecture expects %zu\n",
            file->path, name, elements, offsets[0], offsets[1], count);
    return 0;
  }
  memcpy(out, file->data + offsets[0], count * sizeof(float));
  return 1;
}

void safetensors_close(struct safetensors *file) {
  free(file->bytes);
  free((char *)file->header);
  memset(file, 0, sizeof *file);
}
