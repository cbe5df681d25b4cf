//===- Importer.h - spec, ONNX and weights -> mnv3 IR ----------*- C++ -*-===//

#ifndef MNV3C_IMPORTER_H
#define MNV3C_IMPORTER_H

#include "mnv3c/Spec.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mnv3 {

class SafetensorsFile;

/// Builds the primitive mnv3 IR of a spec: one function named after the
/// model, taking [1, C, H, W] and returning [1, classes]. Ops are located at
/// their spec line and named after torchvision's modules (`features.3.block.1.0`);
/// weights are placeholder `dense_resource` constants keyed by their
/// state_dict names, to be filled by bindWeights. Shape errors are emitted at
/// the spec row that causes them.
mlir::OwningOpRef<mlir::ModuleOp> importSpec(const Spec &spec,
                                             mlir::MLIRContext *context);

/// Raises a serialized ONNX model (`bytes`, read from `modelPath`) into
/// primitive mnv3 IR with its weights bound: one function named after the
/// file, taking [1, C, H, W]. Supports the graphs torch.onnx.export writes
/// for MobileNetV3 (docs/onnx.md); anything else is an error naming the
/// node, its op type and why. Ops are located at NameLocs of their nodes.
/// External weight data is read relative to `modelPath`'s directory.
mlir::OwningOpRef<mlir::ModuleOp> importOnnx(llvm::StringRef bytes,
                                             llvm::StringRef modelPath,
                                             mlir::MLIRContext *context);

/// Fills every placeholder weight of `module` from `weights` by name. Reports
/// each missing tensor, shape or dtype mismatch at the op that needs it, and
/// each tensor of the file the module does not use (`num_batches_tracked`
/// aside), naming the tensor and both shapes; but a state_dict of another
/// family than the module's (by their block naming, FamilyPolicy) is one
/// error naming both families. Warns (once per tensor) about
/// NaN or Inf values and negative `running_var` values, which make the
/// model compute NaN.
mlir::LogicalResult bindWeights(mlir::ModuleOp module,
                                const SafetensorsFile &weights,
                                llvm::StringRef weightsPath);

/// Fails if any weight is still a placeholder: one error if none has data
/// (no weights were given), otherwise one per weight without.
mlir::LogicalResult checkWeightsBound(mlir::ModuleOp module);

/// The state_dict name of a weight constant, or "" if it has none.
llvm::StringRef getWeightName(mlir::Operation *constant);

} // namespace mnv3

#endif // MNV3C_IMPORTER_H
