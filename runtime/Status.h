//===- Status.h - the return codes of a generated library ------*- C++ -*-===//
//
// One definition of every code NAME_run and NAME_check_weights return; the
// entry points (EntryPoints.cpp) return them and the header generator
// (codegen/Header.cpp) writes them out as NAME_<suffix> macros and the
// NAME_error_string() switch. Codes never change meaning once published.
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_RUNTIME_STATUS_H
#define MNV3_RUNTIME_STATUS_H

namespace mnv3::runtime {

enum class Status : int {
  Ok = 0,
  NullInput = -1,
  NullOutput = -2,
  NullScratch = -3,
  NullWeights = -4,
  WeightsSize = -5,
  WeightsHeader = -6,
  WeightsChecksum = -7,
  Internal = -8,
};

struct StatusInfo {
  Status status;
  const char *macro;   ///< NAME_<macro> in the header
  const char *message; ///< NAME_error_string()
};

inline constexpr StatusInfo kStatuses[] = {
    {Status::Ok, "OK", "success"},
    {Status::NullInput, "ERROR_NULL_INPUT", "input is NULL"},
    {Status::NullOutput, "ERROR_NULL_OUTPUT", "output is NULL"},
    {Status::NullScratch, "ERROR_NULL_SCRATCH",
     "scratch is NULL (pass NAME_SCRATCH_BYTES bytes of your own)"},
    {Status::NullWeights, "ERROR_NULL_WEIGHTS", "weights is NULL"},
    {Status::WeightsSize, "ERROR_WEIGHTS_SIZE",
     "the weights blob does not have NAME_WEIGHTS_BYTES bytes"},
    {Status::WeightsHeader, "ERROR_WEIGHTS_HEADER",
     "the weights blob is not this model's (bad magic, version, size or "
     "model fingerprint)"},
    {Status::WeightsChecksum, "ERROR_WEIGHTS_CHECKSUM",
     "the weights blob is corrupted (checksum mismatch)"},
    {Status::Internal, "ERROR_INTERNAL", "internal error in a layer"},
};

inline constexpr int code(Status s) { return static_cast<int>(s); }

} // namespace mnv3::runtime

#endif // MNV3_RUNTIME_STATUS_H
