//===- Provenance.cpp - NAME_INPUTS_HASH ----------------------------------===//
#include "Internal.h"

#include "runtime/InputsHash.h"

#include <fmt/format.h>

namespace mnv3::codegen {

uint64_t provenanceHash(const EmitOptions &opts, const std::string &name,
                        const std::string &halideTarget) {
  using runtime::hashString;
  // Everything but what is emitted (lib, asm, ...): those are views of the
  // same code.
  uint64_t hash = opts.inputsHash ? opts.inputsHash : runtime::kInputsHashSeed;
  for (const std::string &part :
       {halideTarget, name, std::to_string(opts.threads),
        std::string(opts.freestanding ? "freestanding" : "hosted"),
        std::string(opts.externalWeights ? "external" : "embedded"),
        opts.weightsSection})
    hash = hashString(part, hash);
  const InputFormat &in = opts.input;
  if (!in.isDefault()) // so the default keeps the hashes made before it
    hash = hashString(fmt::format("input {} {} mean {} std {}",
                                inputLayoutName(in),
                                inputElementType(in), fmt::join(in.mean, ","),
                                fmt::join(in.std, ",")),
                    hash);
  return hash;
}

} // namespace mnv3::codegen
