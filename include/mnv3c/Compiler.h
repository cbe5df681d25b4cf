//===- Compiler.h - the stages of mnv3c as library calls --------*- C++ -*-===//
//
// What the tools do, as functions: load a model from a spec or from IR,
// bind its weights, run pass pipelines. The tools are thin mains over this.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_COMPILER_H
#define MNV3C_COMPILER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

namespace mnv3 {
namespace codegen {
struct Network;
} // namespace codegen

/// Registers and loads the dialects mnv3 IR uses.
void loadDialects(mlir::MLIRContext *context);

/// Reads a model: mnv3 IR if `inputPath` ends in `.mlir`, otherwise an
/// architecture spec. The file is added to `sourceMgr` so diagnostics can
/// quote it. The model function is checked with verifyModelFunction. Weights
/// from `weightsPath` (a safetensors file; may be empty) fill the placeholder
/// weights by name. With `requireWeights`, a weight left without data is an
/// error.
mlir::OwningOpRef<mlir::ModuleOp> loadModel(llvm::SourceMgr &sourceMgr,
                                            mlir::MLIRContext *context,
                                            llvm::StringRef inputPath,
                                            llvm::StringRef weightsPath,
                                            bool requireWeights);

/// The model's function: the module's only func.func.
mlir::func::FuncOp getModelFunction(mlir::ModuleOp module);

/// The model function, if `module` holds a valid one; otherwise null, after
/// an error at each thing that is off. What every stage relies on: the module
/// holds exactly one func.func and nothing else; it has a body of one block
/// made of mnv3 ops (and its func.return); it takes exactly one argument of
/// type tensor<1xCxHxWxf32> with static sizes and returns one f32 tensor of
/// static shape, computed from the argument (not the argument itself); no
/// tensor has more than 2^31 - 1 elements.
mlir::func::FuncOp verifyModelFunction(mlir::ModuleOp module);

/// How `runPasses` shows its work.
struct PassOptions {
  bool printIRAfterEach = false; ///< print the IR after every pass to stderr
  bool verifyEach = true;
};

/// Runs a textual pass pipeline (`mnv3-default`, `mnv3-fold-batchnorm,cse`,
/// ...) on `module`. Errors in the pipeline text are reported on stderr.
mlir::LogicalResult runPasses(mlir::ModuleOp module, llvm::StringRef pipeline,
                              const PassOptions &options);

/// Lowers a fused model (after mnv3-default) to the code generator's layers,
/// copying the weights out of the IR. Reports ops that are not fused.
mlir::FailureOr<codegen::Network> lowerToNetwork(mlir::func::FuncOp function);

} // namespace mnv3

#endif // MNV3C_COMPILER_H
