//===- Commands.h - the subcommands of the mnv3c driver ---------*- C++ -*-===//

#ifndef MNV3C_TOOLS_COMMANDS_H
#define MNV3C_TOOLS_COMMANDS_H

#include "llvm/Support/CommandLine.h"

namespace mnv3::cli {

/// Every subcommand option is in this category, so --help shows them and
/// hides LLVM's internal options.
extern llvm::cl::OptionCategory options;

// Each subcommand owns its options (declared with cl::sub in its file) and
// returns the process exit code.
extern llvm::cl::SubCommand importCommand;
int runImport();

extern llvm::cl::SubCommand runCommand;
int runRun();

extern llvm::cl::SubCommand graphCommand;
int runGraph();

extern llvm::cl::SubCommand compileCommand;
int runCompile();

extern llvm::cl::SubCommand benchCommand;
int runBench();

extern llvm::cl::SubCommand lutCommand;
int runLut();

} // namespace mnv3::cli

#endif // MNV3C_TOOLS_COMMANDS_H
