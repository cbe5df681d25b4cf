//===- mnv3-opt.cpp - mlir-opt for the mnv3 dialect and its passes ---------===//
//
// Parses, verifies, transforms and prints mnv3 IR. Every mnv3 pass and
// pipeline is a flag here, next to the upstream ones (canonicalize, cse, ...).
//
//===----------------------------------------------------------------------===//

#include "dialects/MNV3Dialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mnv3::registerPasses();

  mlir::DialectRegistry registry;
  registry.insert<mnv3::MNV3Dialect, mlir::func::FuncDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "mnv3 optimizer driver\n", registry));
}
