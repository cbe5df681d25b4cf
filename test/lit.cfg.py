# -*- Python -*-
# The mnv3c lit suite: IR tests (mnv3-opt + FileCheck), driver tests
# (mnv3c + not + FileCheck) and numerics against torchvision (%python).

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "mnv3c"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".mnv3"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mnv3_obj_root, "test")

llvm_config.use_default_substitutions()
# Our tools first, then LLVM's (FileCheck, not), then the system PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.mnv3_tools_dir, append_path=True)

# lit's defaults map %python to the interpreter running lit; ours must win.
config.substitutions.insert(0, ("%python", config.python_oracle))
config.substitutions.append(("%models", os.path.join(config.mnv3_src_root, "models")))
config.substitutions.append(("%tools", os.path.join(config.mnv3_src_root, "tools")))
config.substitutions.append(("%mnv3_src_root", config.mnv3_src_root))
config.substitutions.append(("%mnv3_obj_root", config.mnv3_obj_root))

# Numerics tests need torch + torchvision in the oracle interpreter (checked
# when CMake configured the build).
if config.python_oracle_has_torch:
    config.available_features.add("torch")

# Cross-arch tests need the cross compilers and qemu-user.
import shutil
for tool, feature in [("qemu-aarch64", "qemu-aarch64"), ("qemu-arm", "qemu-arm")]:
    compiler = {"qemu-aarch64": "aarch64-linux-gnu-gcc",
                "qemu-arm": "arm-linux-gnueabihf-gcc"}[tool]
    if shutil.which(tool) and shutil.which(compiler):
        config.available_features.add(feature)

tool_dirs = [config.mnv3_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["mnv3-opt", "mnv3c", "mnv3-eval", "safetensors-dump"], tool_dirs)
