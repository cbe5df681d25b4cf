/* qemu_plugin_api.h - the few entry points of QEMU's TCG plugin interface
 * that armcount calls, declared by hand.
 *
 * Written against QEMU 7.2 (Debian 12's qemu-user), plugin API version 1.
 * The interface is plain C and the functions are exported by the qemu-user
 * binary itself, so a plugin needs only these prototypes, not a QEMU
 * development package (Debian ships none). Keep every declaration here
 * identical to what QEMU 7.2 exports: a wrong one is an ABI mismatch that
 * the compiler cannot see.
 */
#ifndef ARMCOUNT_QEMU_PLUGIN_API_H
#define ARMCOUNT_QEMU_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARMCOUNT_PLUGIN_API_VERSION 1

typedef uint64_t qemu_plugin_id_t;

/* Handed to qemu_plugin_install; only the leading fields are read. */
typedef struct qemu_info_t {
  const char *target_name; /* "aarch64", "arm", ... */
  struct {
    int min; /* oldest plugin API version this QEMU accepts */
    int cur; /* the API version it implements */
  } version;
  bool system_emulation;
  union {
    struct {
      int smp_vcpus;
      int max_vcpus;
    } system;
  };
} qemu_info_t;

/* Opaque handles, valid only inside the translation callback. */
struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_op {
  QEMU_PLUGIN_INLINE_ADD_U64, /* *ptr += imm, emitted into the guest code */
};

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
                                               struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
                                              enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
                                    qemu_plugin_udata_cb_t cb,
                                    void *userdata);

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
                                                 size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);

/* The plugin defines these two; QEMU looks them up by name. */
#define ARMCOUNT_PLUGIN_EXPORT __attribute__((visibility("default")))
extern ARMCOUNT_PLUGIN_EXPORT int qemu_plugin_version;
ARMCOUNT_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                               const qemu_info_t *info,
                                               int argc, char **argv);

#endif
