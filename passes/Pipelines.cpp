//===- Pipelines.cpp - named pipelines of mnv3c ----------------------------===//

#include "passes/Passes.h"

void mnv3::registerPasses() { registerMNV3Passes(); }
