//===- Passes.td - every pass of mnv3c ---------------------*- tablegen -*-===//

#ifndef MNV3_PASSES_TD
#define MNV3_PASSES_TD

include "mlir/Pass/PassBase.td"

#endif // MNV3_PASSES_TD
