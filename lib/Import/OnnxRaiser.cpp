//===- OnnxRaiser.cpp - walking an ONNX graph into mnv3 IR ----------------===//
//
// Errors name the node (its name, as torch.onnx.export scopes it, and its op
// type) and why; they are located at the model file, line 0 (a binary file
// has no lines), under a NameLoc of the node. Unsupported op types are all
// listed at once; the first other problem stops the walk, since every later
// node would only repeat it.
//
//===----------------------------------------------------------------------===//

#include "OnnxRaiser.h"

#include "mnv3c/Importer.h"
#include "mnv3c/Support.h"
#include "mnv3c/Tensor.h"

#include "OnnxWeights.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mnv3;

namespace {
/// The opsets of the default domain whose definitions of the supported ops
/// the handlers follow (Clip's bounds as inputs since 11, HardSwish since
/// 14; nothing they read changed up to 17).
constexpr int64_t kMinOpset = 13, kMaxOpset = 17;
/// Keeps the shape arithmetic of the handlers far from overflow; the model
/// loader bounds the element counts afterwards.
constexpr int64_t kMaxInputDim = (int64_t(1) << 31) - 1;

/// "mobilenet_v3_large" for ".../mobilenet_v3_large.onnx": the model (and
/// generated code) is named after the file, as a C identifier.
std::string modelNameOf(StringRef path) {
  std::string name = llvm::sys::path::stem(path).str();
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  if (name.empty() || !llvm::isAlpha(name[0]))
    name = "model_" + name;
  return name;
}
} // namespace

OnnxRaiser::OnnxRaiser(const OnnxModel &model, StringRef modelPath,
                       MLIRContext *context)
    : model(model), modelPath(modelPath.str()), context(context),
      builder(context), fileLoc(FileLineColLoc::get(context, modelPath, 0, 0)) {
}

const llvm::StringMap<OnnxRaiser::OpType> &OnnxRaiser::handlers() {
  static const llvm::StringMap<OpType> table = {
      {"Conv",
       {&OnnxRaiser::raiseConv,
        {"auto_pad", "dilations", "group", "kernel_shape", "pads",
         "strides"}}},
      {"BatchNormalization",
       {&OnnxRaiser::raiseBatchNorm,
        {"epsilon", "momentum", "training_mode"}}},
      {"Relu", {&OnnxRaiser::raiseRelu, {}}},
      {"Clip", {&OnnxRaiser::raiseClip, {}}},
      {"Sigmoid", {&OnnxRaiser::raiseSigmoid, {}}},
      {"HardSigmoid", {&OnnxRaiser::raiseHardSigmoid, {"alpha", "beta"}}},
      {"HardSwish", {&OnnxRaiser::raiseHardSwish, {}}},
      {"Mul", {&OnnxRaiser::raiseMul, {}}},
      {"Add", {&OnnxRaiser::raiseAdd, {}}},
      {"GlobalAveragePool", {&OnnxRaiser::raiseGlobalAveragePool, {}}},
      {"Flatten", {&OnnxRaiser::raiseFlatten, {"axis"}}},
      {"Gemm",
       {&OnnxRaiser::raiseGemm, {"alpha", "beta", "transA", "transB"}}},
      {"Dropout", {&OnnxRaiser::raisePassThrough, {"seed"}}},
      {"Identity", {&OnnxRaiser::raisePassThrough, {}}},
      {"Constant",
       {&OnnxRaiser::raiseConstant,
        {"value", "value_float", "value_floats", "value_int", "value_ints",
         "value_string", "value_strings", "sparse_value"}}},
  };
  return table;
}

std::string OnnxRaiser::supportedOpTypes() {
  SmallVector<StringRef> names;
  for (const auto &entry : handlers())
    names.push_back(entry.getKey());
  llvm::sort(names);
  return llvm::join(names, ", ");
}

LogicalResult OnnxRaiser::checkOpsets() {
  for (const auto &[domain, version] : model.opsets) {
    if (!domain.empty() && domain != "ai.onnx")
      continue; // only nodes of such a domain would be a problem
    if (version < kMinOpset || version > kMaxOpset)
      return emitError(fileLoc)
             << "the model uses ONNX opset " << version << "; mnv3c reads "
             << "opsets " << kMinOpset << " to " << kMaxOpset
             << " (torch.onnx.export(..., opset_version=" << kMinOpset << "))";
    return success();
  }
  return emitError(fileLoc) << "the model imports no opset of the default "
                               "ONNX domain";
}

LogicalResult OnnxRaiser::checkOpTypes() {
  bool ok = true;
  for (const OnnxNode &node : model.nodes) {
    bool defaultDomain = node.domain.empty() || node.domain == "ai.onnx";
    if (defaultDomain && handlers().count(node.opType))
      continue;
    InFlightDiagnostic error = nodeError(node);
    if (!defaultDomain)
      error << "op type " << node.opType << " of domain '" << node.domain
            << "' is not supported: mnv3c reads the default ONNX domain only";
    else
      error << "op type " << node.opType
            << " is not supported: mnv3c raises MobileNetV3's ops only ("
            << supportedOpTypes() << "; docs/onnx.md)";
    ok = false;
  }
  return success(ok);
}

FailureOr<RankedTensorType> OnnxRaiser::inputType(const OnnxValueInfo &input) {
  auto describe = [&] {
    std::string text = "[";
    for (auto [i, dim] : llvm::enumerate(input.dims)) {
      if (i)
        text += ", ";
      text += dim                        ? std::to_string(*dim)
              : input.symbols[i].empty() ? "?"
                                         : input.symbols[i];
    }
    return text + "]";
  };
  if (!input.isTensor || input.elementTypeName != "FLOAT")
    return emitError(fileLoc)
           << "graph input '" << input.name << "' is "
           << (input.isTensor ? "a tensor of " + input.elementTypeName
                              : std::string("not a tensor"))
           << "; mnv3c takes one FLOAT image tensor [1, C, H, W]";
  if (!input.hasShape || input.dims.size() != 4)
    return emitError(fileLoc)
           << "graph input '" << input.name << "' has "
           << (input.hasShape ? "shape " + describe() : std::string("no shape"))
           << "; mnv3c takes one image tensor [1, C, H, W]";
  // A dynamic batch (dynamic_axes={"input": {0: ...}}) is compiled as 1;
  // the image itself must have a fixed size.
  SmallVector<int64_t, 4> shape = {1};
  bool ok = !input.dims[0] || *input.dims[0] == 1;
  for (const std::optional<int64_t> &dim : llvm::drop_begin(input.dims)) {
    ok &= dim && *dim > 0 && *dim <= kMaxInputDim;
    shape.push_back(dim ? *dim : 0);
  }
  if (!ok)
    return emitError(fileLoc)
           << "graph input '" << input.name << "' has shape " << describe()
           << "; mnv3c compiles for one image of a fixed size [1, C, H, W] "
              "(export without dynamic axes other than the batch)";
  return tensorType(shape);
}

OwningOpRef<ModuleOp> OnnxRaiser::raise() {
  if (failed(checkOpsets()) || failed(checkOpTypes()))
    return nullptr;
  for (const OnnxTensor &initializer : model.initializers)
    constants[initializer.name] = &initializer;
  // Older exporters also list the initializers as graph inputs.
  SmallVector<const OnnxValueInfo *, 1> imageInputs;
  for (const OnnxValueInfo &input : model.inputs)
    if (!constants.count(input.name))
      imageInputs.push_back(&input);
  if (imageInputs.size() != 1)
    return emitError(fileLoc)
               << "the graph has " << imageInputs.size()
               << " inputs besides its initializers; mnv3c takes exactly one "
                  "(the image)",
           nullptr;
  FailureOr<RankedTensorType> type = inputType(*imageInputs.front());
  if (failed(type))
    return nullptr;

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto function = builder.create<func::FuncOp>(
      fileLoc, modelNameOf(modelPath), builder.getFunctionType(*type, {}));
  builder.setInsertionPointToEnd(function.addEntryBlock());
  values[imageInputs.front()->name] = function.getArgument(0);
  for (const OnnxNode &node : model.nodes) {
    if (failed(raiseNode(node)))
      return nullptr;
    for (const std::string &output : node.outputs)
      producers[output] = &node;
  }
  FailureOr<SmallVector<Value>> results = graphOutputs();
  if (failed(results))
    return nullptr;
  builder.create<func::ReturnOp>(fileLoc, *results);
  function.setType(
      builder.getFunctionType(*type, ValueRange(*results).getTypes()));
  // Several outputs keep their ONNX names (the C names of the generated
  // code); one is the logits, as from a spec.
  if (results->size() > 1)
    for (auto [index, output] : llvm::enumerate(model.outputs))
      function.setResultAttr(index, kOutputNameAttr,
                             builder.getStringAttr(output.name));
  // Patterns that read two nodes (x * HardSigmoid(x)) leave the first
  // one's op unused.
  for (Operation &op :
       llvm::make_early_inc_range(llvm::reverse(function.getBody().front())))
    if (op.use_empty() && !op.hasTrait<OpTrait::IsTerminator>())
      op.erase();
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

LogicalResult OnnxRaiser::raiseNode(const OnnxNode &node) {
  if (node.outputs.empty() || node.outputs.front().empty())
    return nodeError(node) << "the node has no output";
  const OpType &opType = handlers().find(node.opType)->second;
  if (failed(checkAttributes(node, opType)))
    return failure();
  return (this->*opType.raise)(node);
}

LogicalResult OnnxRaiser::checkAttributes(const OnnxNode &node,
                                          const OpType &opType) {
  for (const OnnxAttribute &attribute : node.attributes)
    if (!llvm::is_contained(opType.attributes, attribute.name)) {
      InFlightDiagnostic error = nodeError(node)
                                 << "attribute '" << attribute.name
                                 << "' is not one ONNX defines for "
                                 << node.opType << " (";
      if (opType.attributes.empty())
        error << "it has none";
      else
        error << llvm::join(opType.attributes, ", ");
      return error << ")";
    }
  return success();
}

FailureOr<SmallVector<Value>> OnnxRaiser::graphOutputs() {
  if (model.outputs.empty() || model.outputs.size() > kMaxOutputs)
    return emitError(fileLoc)
           << "the graph has " << model.outputs.size()
           << " outputs; mnv3c compiles 1 to " << kMaxOutputs;
  SmallVector<Value> results;
  for (const OnnxValueInfo &output : model.outputs) {
    Value value = values.lookup(output.name);
    if (!value)
      return emitError(fileLoc) << "graph output '" << output.name
                                << "' is not computed from the input image";
    // A declared static shape must be what the raised ops compute.
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(value.getType()).getShape();
    bool declared = output.hasShape && llvm::all_of(output.dims, [](auto d) {
                      return d.has_value();
                    });
    if (declared &&
        !llvm::equal(shape,
                     llvm::map_range(output.dims, [](auto d) { return *d; })))
      return emitError(fileLoc)
             << "graph output '" << output.name << "' is declared as "
             << formatShape(llvm::to_vector(llvm::map_range(
                    output.dims, [](auto d) { return *d; })))
             << ", but its nodes compute " << formatShape(shape);
    if (model.outputs.size() > 1 && !isCIdentifier(output.name))
      return emitError(fileLoc)
             << "graph output '" << output.name << "' names a result of the "
             << "generated code, so it must be a C identifier";
    results.push_back(value);
  }
  return results;
}

// --- helpers ----------------------------------------------------------------

Location OnnxRaiser::nodeLoc(const OnnxNode &node) {
  std::string name = node.name.empty() ? node.opType : node.name;
  return NameLoc::get(StringAttr::get(context, name), fileLoc);
}

InFlightDiagnostic OnnxRaiser::nodeError(const OnnxNode &node) {
  InFlightDiagnostic error = emitError(nodeLoc(node));
  error << "node '" << node.name << "' (" << node.opType << "): ";
  return error;
}

LogicalResult OnnxRaiser::define(const OnnxNode &node, Value value) {
  values[node.outputs.front()] = value;
  return success();
}

FailureOr<Value> OnnxRaiser::operand(const OnnxNode &node, size_t index,
                                     int64_t rank) {
  if (index >= node.inputs.size() || node.inputs[index].empty())
    return nodeError(node) << "input " << index << " is missing";
  const std::string &name = node.inputs[index];
  Value value = values.lookup(name);
  if (!value) {
    if (constants.count(name))
      return nodeError(node) << "input " << index << " ('" << name
                             << "') is a constant; mnv3c supports this op on "
                                "values computed from the image only";
    return nodeError(node) << "input " << index << " ('" << name
                           << "') is not the graph input or the output of an "
                              "earlier node";
  }
  auto type = cast<RankedTensorType>(value.getType());
  if (rank >= 0 && type.getRank() != rank)
    return nodeError(node) << "input " << index << " has shape "
                           << formatShape(type.getShape()) << "; expected "
                           << rank << " dimensions";
  return value;
}

FailureOr<const OnnxTensor *> OnnxRaiser::constantInput(const OnnxNode &node,
                                                        size_t index) {
  if (index >= node.inputs.size() || node.inputs[index].empty())
    return static_cast<const OnnxTensor *>(nullptr);
  const std::string &name = node.inputs[index];
  if (const OnnxTensor *tensor = constants.lookup(name))
    return tensor;
  if (values.count(name))
    return nodeError(node) << "input " << index << " ('" << name
                           << "') is computed by the graph; mnv3c needs it "
                              "to be an initializer";
  return nodeError(node) << "input " << index << " ('" << name
                         << "') is neither an initializer nor the output of "
                            "an earlier node";
}

FailureOr<std::vector<float>>
OnnxRaiser::constantValues(const OnnxNode &node, const OnnxTensor &tensor) {
  llvm::Expected<std::vector<float>> data = readOnnxTensor(tensor, modelPath);
  if (!data)
    return nodeError(node) << "initializer '" << tensor.name
                           << "': " << llvm::toString(data.takeError());
  return std::move(*data);
}

std::string OnnxRaiser::weightKey(const OnnxNode &node,
                                  const OnnxTensor &tensor, StringRef role) {
  // torch.onnx.export keeps parameter names ("classifier.0.weight") but
  // names the tensors it computes, such as a conv folded with its
  // BatchNorm, "onnx::Conv_421". Those take the torchvision module path
  // from the node's scope, "/features/features.1/block/block.0/block.0.0/
  // Conv": each scope is either the full path of a module ("features.1")
  // or a child name appended to it ("block").
  if (!StringRef(tensor.name).starts_with("onnx::") && !tensor.name.empty())
    return tensor.name;
  SmallVector<StringRef> scopes;
  StringRef(node.name).split(scopes, '/', -1, /*KeepEmpty=*/false);
  if (scopes.size() < 2)
    return tensor.name.empty() ? node.name + "." + role.str() : tensor.name;
  std::string path, last;
  for (StringRef scope : ArrayRef(scopes).drop_back()) {
    if (!last.empty() && scope.starts_with(last + "."))
      path = path.substr(0, path.size() - last.size()) + scope.str();
    else
      path += (path.empty() ? "" : ".") + scope.str();
    last = scope.str();
  }
  return path + "." + role.str();
}

FailureOr<Value> OnnxRaiser::weight(
    const OnnxNode &node, size_t index, StringRef role, ArrayRef<int64_t> shape,
    llvm::function_ref<std::vector<float>(const std::vector<float> &)>
        transform) {
  FailureOr<const OnnxTensor *> tensor = constantInput(node, index);
  if (failed(tensor))
    return failure();
  if (!*tensor)
    return nodeError(node) << "input " << index << " (the " << role
                           << ") is missing";
  FailureOr<std::vector<float>> data = constantValues(node, **tensor);
  if (failed(data))
    return failure();
  int64_t elements = 1;
  for (int64_t dim : shape)
    elements *= dim;
  if (int64_t(data->size()) != elements)
    return nodeError(node) << "initializer '" << (*tensor)->name << "' (the "
                           << role << ") has shape "
                           << formatShape((*tensor)->dims) << "; expected "
                           << formatShape(shape);
  if (transform)
    *data = transform(*data);
  return createWeight(builder, nodeLoc(node),
                      toResourceKey(weightKey(node, **tensor, role)),
                      shape, ArrayRef<float>(*data))
      .getResult();
}

FailureOr<const OnnxAttribute *>
OnnxRaiser::attributeOf(const OnnxNode &node, StringRef name,
                        OnnxAttribute::Kind kind, StringRef kindName) {
  const OnnxAttribute *attribute = node.find(name.str());
  if (attribute && attribute->kind != kind)
    return nodeError(node) << "attribute '" << name << "' is "
                           << attribute->typeName << ", expected " << kindName;
  return attribute;
}

FailureOr<int64_t> OnnxRaiser::intAttr(const OnnxNode &node, StringRef name,
                                       int64_t fallback) {
  FailureOr<const OnnxAttribute *> attribute =
      attributeOf(node, name, OnnxAttribute::Kind::Int, "INT");
  if (failed(attribute))
    return failure();
  return *attribute ? (*attribute)->i : fallback;
}

FailureOr<float> OnnxRaiser::floatAttr(const OnnxNode &node, StringRef name,
                                       float fallback) {
  FailureOr<const OnnxAttribute *> attribute =
      attributeOf(node, name, OnnxAttribute::Kind::Float, "FLOAT");
  if (failed(attribute))
    return failure();
  return *attribute ? (*attribute)->f : fallback;
}

FailureOr<SmallVector<int64_t>>
OnnxRaiser::intsAttr(const OnnxNode &node, StringRef name, size_t size,
                     ArrayRef<int64_t> fallback) {
  FailureOr<const OnnxAttribute *> attribute =
      attributeOf(node, name, OnnxAttribute::Kind::Ints, "INTS");
  if (failed(attribute))
    return failure();
  if (!*attribute)
    return SmallVector<int64_t>(fallback);
  const std::vector<int64_t> &ints = (*attribute)->ints;
  if (ints.size() != size)
    return nodeError(node) << "attribute '" << name << "' has " << ints.size()
                           << " values, expected " << size << " (2-D)";
  return SmallVector<int64_t>(ints.begin(), ints.end());
}

OwningOpRef<ModuleOp> mnv3::importOnnx(StringRef bytes, StringRef modelPath,
                                       MLIRContext *context) {
  context->loadDialect<MNV3Dialect, func::FuncDialect>();
  OnnxModel model;
  std::string why = decodeOnnxModel(bytes.data(), bytes.size(), model);
  if (!why.empty())
    return emitError(FileLineColLoc::get(context, modelPath, 0, 0)) << why,
           nullptr;
  return OnnxRaiser(model, modelPath, context).raise();
}
