/* model.h - the generated header of the model named by -DMODEL=NAME, and
 * short names for its API, shared by the harnesses in this directory. */
#ifndef TEST_FIRMWARE_MODEL_H
#define TEST_FIRMWARE_MODEL_H

#define STR2(x) #x
#define STR(x) STR2(x)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#include STR(MODEL.h)

#define RUN CAT(MODEL, _run)
#define RELEASE CAT(MODEL, _release)
#define ERROR_STRING CAT(MODEL, _error_string)
#define CHECK_WEIGHTS CAT(MODEL, _check_weights)
#define INPUT_SIZE CAT(MODEL, _INPUT_SIZE)
#define OUTPUT_SIZE CAT(MODEL, _OUTPUT_SIZE)
#define SCRATCH_BYTES CAT(MODEL, _SCRATCH_BYTES)
#define STACK_BYTES CAT(MODEL, _STACK_BYTES)
#define WEIGHTS_BYTES CAT(MODEL, _WEIGHTS_BYTES)
#define CODE(suffix) CAT(MODEL, CAT(_, suffix))

/* With --external-weights (compile the harness with -DEXTERNAL_WEIGHTS)
 * NAME_run takes the blob as a fourth argument. */
#ifdef EXTERNAL_WEIGHTS
#define RUN_MODEL(in, out, scratch) RUN(in, out, scratch, weights)
extern const void *weights;
#else
#define RUN_MODEL(in, out, scratch) RUN(in, out, scratch)
#endif

#endif
