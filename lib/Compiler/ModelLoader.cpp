//===- ModelLoader.cpp - spec or IR in, bound mnv3 module out -------------===//
//
// Everything after loading (passes, the evaluator, code generation, the
// graph writer) takes the model function's shape for granted, so
// verifyModelFunction is the one place that says what a model function is,
// and loadModel rejects anything else before any of them runs.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Compiler.h"
#include "mnv3c/Importer.h"
#include "mnv3c/Safetensors.h"
#include "mnv3c/Support.h"

#include "dialects/MNV3Dialect.h"

#include "mlir/Parser/Parser.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mnv3;

namespace {
/// Real specs are a few hundred bytes; the limit only stops a device or a
/// huge binary from being read as one.
constexpr uint64_t kMaxSpecBytes = 1 << 20;
/// IR may carry its weights as hex text (about 45 MB for Large).
constexpr uint64_t kMaxIRBytes = 1ull << 30;
/// The most a protobuf message (an ONNX model without external data) holds.
constexpr uint64_t kMaxOnnxBytes = (1ull << 31) - 1;
/// Code generation counts elements in `int`; the evaluator allocates them.
constexpr int64_t kMaxTensorElements = (int64_t(1) << 31) - 1;

/// Fails, at `loc`, for a shape of more than kMaxTensorElements (including
/// one whose element count overflows 64 bits).
LogicalResult checkTensorSize(Type type, Location loc) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return success(); // the dialect's verifier covers the rest
  int64_t elements = 1;
  for (int64_t dim : tensor.getShape())
    if (llvm::MulOverflow(elements, dim, elements) ||
        elements > kMaxTensorElements)
      return emitError(loc)
             << type << " has more than " << kMaxTensorElements << " elements";
  return success();
}

bool isStaticF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

/// The input every stage reads: one image, tensor<1xCxHxWxf32>.
bool isModelInput(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return isStaticF32Tensor(type) && tensor.getRank() == 4 &&
         tensor.getDimSize(0) == 1;
}

/// "(f32, tensor<4xf32>)", "()": a signature half as the user wrote it.
std::string typeList(TypeRange types) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "(";
  llvm::interleaveComma(types, os);
  os << ")";
  return text;
}

LogicalResult checkSignature(func::FuncOp function) {
  FunctionType type = function.getFunctionType();
  bool ok = true;
  if (type.getNumInputs() != 1 || !isModelInput(type.getInput(0))) {
    function.emitError() << "the model function must take one argument of "
                            "type tensor<1xCxHxWxf32> (static sizes), not "
                         << typeList(type.getInputs());
    ok = false;
  }
  // One result (the logits), or a backbone's named feature maps.
  if (type.getNumResults() == 0 || type.getNumResults() > kMaxOutputs ||
      !llvm::all_of(type.getResults(), isStaticF32Tensor)) {
    function.emitError() << "the model function must return 1 to "
                         << kMaxOutputs
                         << " f32 tensors of static shape, not "
                         << typeList(type.getResults());
    ok = false;
  }
  llvm::StringSet<> names;
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    Attribute attr = function.getResultAttr(i, kOutputNameAttr);
    if (!attr)
      continue;
    auto name = dyn_cast<StringAttr>(attr);
    if (!name || !isCIdentifier(name.getValue()) ||
        !names.insert(name.getValue()).second) {
      function.emitError() << "result " << i << ": " << kOutputNameAttr
                           << " must be a string holding a C identifier, "
                              "unique among the results; got "
                           << attr;
      ok = false;
    }
  }
  return success(ok);
}

/// The body: mnv3 ops only, tensors of sane size, and a result computed
/// from the input.
LogicalResult checkBody(func::FuncOp function) {
  Region &body = function.getBody();
  if (!body.hasOneBlock())
    return function.emitError() << "the model function must have one block, "
                                   "not "
                                << body.getBlocks().size();
  bool ok = succeeded(
      checkTensorSize(function.getArgumentTypes()[0], function.getLoc()));
  auto terminator = dyn_cast<func::ReturnOp>(body.front().getTerminator());
  if (!terminator)
    return function.emitError() << "the model function must end in "
                                   "func.return";
  function.walk([&](Operation *op) {
    if (op == function.getOperation() || op == terminator)
      return;
    if (!isa_and_nonnull<MNV3Dialect>(op->getDialect())) {
      op->emitError() << "'" << op->getName()
                      << "' is not an mnv3 op: a model is made of mnv3 ops";
      ok = false;
      return;
    }
    for (Type type : op->getResultTypes())
      ok &= succeeded(checkTensorSize(type, op->getLoc()));
  });
  // The verifier matched the return's operands to the checked signature.
  llvm::DenseSet<Value> fromInput = {function.getArgument(0)};
  for (Operation &op : body.front())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return fromInput.contains(v); }))
      fromInput.insert(op.result_begin(), op.result_end());
  for (Value result : terminator.getOperands()) {
    if (isa<BlockArgument>(result)) {
      terminator.emitError() << "the model returns its input unchanged";
      ok = false;
    } else if (!fromInput.contains(result)) {
      terminator.emitError() << "the model's result does not depend on its "
                                "input";
      ok = false;
    }
  }
  return success(ok);
}
/// An ONNX model brings its weights as initializers: there is nothing for
/// --weights to bind, and silently preferring one source would hide a mix-up.
OwningOpRef<ModuleOp> loadOnnxModel(MLIRContext *context, StringRef inputPath,
                                    StringRef weightsPath) {
  if (!weightsPath.empty()) {
    emitError(FileLineColLoc::get(context, inputPath, 0, 0))
        << "an ONNX model carries its own weights (its initializers); do not "
           "pass --weights with it";
    return nullptr;
  }
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> file =
      readInputFile(inputPath, kMaxOnnxBytes, "an ONNX model");
  if (!file) {
    reportFileError(inputPath, llvm::toString(file.takeError()));
    return nullptr;
  }
  return importOnnx((*file)->getBuffer(), inputPath, context);
}
} // namespace

void mnv3::loadDialects(MLIRContext *context) {
  context->loadDialect<MNV3Dialect, func::FuncDialect>();
}

func::FuncOp mnv3::getModelFunction(ModuleOp module) {
  auto functions = module.getOps<func::FuncOp>();
  if (std::distance(functions.begin(), functions.end()) != 1)
    return nullptr;
  return *functions.begin();
}

func::FuncOp mnv3::verifyModelFunction(ModuleOp module) {
  SmallVector<func::FuncOp, 1> functions;
  bool ok = true;
  for (Operation &op : *module.getBody()) {
    if (auto function = dyn_cast<func::FuncOp>(op)) {
      functions.push_back(function);
      continue;
    }
    op.emitError() << "a model file holds the model's func.func and nothing "
                      "else, found '"
                   << op.getName() << "'";
    ok = false;
  }
  if (functions.empty()) {
    emitError(module.getLoc()) << "expected a func.func (the model), found "
                                  "none";
    return nullptr;
  }
  for (func::FuncOp extra : llvm::drop_begin(functions)) {
    extra.emitError() << "a second func.func: a model file holds exactly one "
                         "(the model)";
    ok = false;
  }
  func::FuncOp function = functions.front();
  if (function.isExternal()) {
    function.emitError() << "the model function is a declaration: it has no "
                            "body";
    return nullptr;
  }
  if (failed(checkSignature(function)) || failed(checkBody(function)) || !ok)
    return nullptr;
  return function;
}

OwningOpRef<ModuleOp> mnv3::loadModel(llvm::SourceMgr &sourceMgr,
                                      MLIRContext *context, StringRef inputPath,
                                      StringRef weightsPath,
                                      bool requireWeights) {
  loadDialects(context);
  // Through the diagnostic engine, as the parsers' errors: callers count them.
  FileFormat format = fileFormatOf(inputPath);
  if (std::string wrong = misplacedFileMessage(format, FileRole::Model);
      !wrong.empty()) {
    emitError(FileLineColLoc::get(context, inputPath, 0, 0)) << wrong;
    return nullptr;
  }
  if (format == FileFormat::Onnx) {
    OwningOpRef<ModuleOp> module =
        loadOnnxModel(context, inputPath, weightsPath);
    if (!module || !verifyModelFunction(*module))
      return nullptr;
    return module;
  }
  bool isIR = inputPath.ends_with(".mlir");
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> file =
      readInputFile(inputPath, isIR ? kMaxIRBytes : kMaxSpecBytes,
                    isIR ? "mnv3 IR" : "a spec");
  if (!file) {
    reportFileError(inputPath, llvm::toString(file.takeError()));
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());

  OwningOpRef<ModuleOp> module;
  if (isIR) {
    StringRef text =
        sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBuffer();
    // MLIR bytecode is binary by design; anything else binary would have
    // its first "line" of garbage quoted in the parser's error.
    std::string why =
        text.starts_with("ML\xEFR") ? "" : findBinaryContent(text);
    if (!why.empty()) {
      emitError(FileLineColLoc::get(context, inputPath, 0, 0))
          << "the file looks binary (" << why << "), not like mnv3 IR";
      return nullptr;
    }
    module = parseSourceFile<ModuleOp>(sourceMgr, context);
  } else {
    std::optional<Spec> spec = parseSpec(sourceMgr, context);
    if (spec)
      module = importSpec(*spec, context);
  }
  if (!module || !verifyModelFunction(*module))
    return nullptr;

  if (!weightsPath.empty()) {
    llvm::Expected<SafetensorsFile> weights =
        SafetensorsFile::open(weightsPath);
    if (!weights) {
      reportFileError(weightsPath, llvm::toString(weights.takeError()));
      return nullptr;
    }
    if (failed(bindWeights(*module, *weights, weightsPath)))
      return nullptr;
  }
  if (requireWeights && failed(checkWeightsBound(*module)))
    return nullptr;
  return module;
}
