/* Runs the camera-frame build of the model once on a mid-grey frame. */
#include "tiny_frame.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint8_t frame[tiny_frame_INPUT_SIZE];
static float output[tiny_frame_OUTPUT_SIZE];
static unsigned char scratch[tiny_frame_SCRATCH_BYTES];

int main(void) {
  const uint8_t *typed = frame; /* the header's input type is uint8_t */
  memset(frame, 128, sizeof frame);
  int status = tiny_frame_run(typed, output, scratch);
  printf("tiny_frame: %d bytes in, status %d\n", tiny_frame_INPUT_SIZE,
         status);
  return status != 0;
}
