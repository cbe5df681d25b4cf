//===- Report.cpp - NAME.report.json: what the library costs --------------===//
//
// Code size is measured on the emitted object (ObjectCode.cpp): all
// executable sections, and per layer the functions of its stages (a stage
// and the closures of its parallel loops share the stage's symbol as
// prefix). Weights, scratch and stack are the figures the header states.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <fmt/format.h>

namespace mnv3::codegen {
namespace {

std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

/// NAME_run's input: layout, element type and the normalisation inside.
std::string inputJson(const InputFormat &in) {
  auto values = [](const std::vector<float> &v) {
    return v.empty() ? std::string("null")
                     : fmt::format("[{}]", fmt::join(v, ", "));
  };
  return fmt::format("{{\"layout\": \"{}\", \"type\": \"{}\", \"mean\": {}, "
                     "\"std\": {}}}",
                     inputLayoutName(in),
                     in.bytes ? "uint8" : "float32", values(in.mean),
                     values(in.std));
}

/// Code bytes of the functions named `stage` or `stage_...`.
uint64_t stageCode(const ObjectFacts &facts, const std::string &stage) {
  uint64_t bytes = 0;
  for (auto it = facts.functionBytes.lower_bound(stage);
       it != facts.functionBytes.end() && it->first.rfind(stage, 0) == 0; ++it)
    if (it->first.size() == stage.size() || it->first[stage.size()] == '_')
      bytes += it->second;
  return bytes;
}

} // namespace

std::string makeReport(const LibraryFacts &r, const ObjectFacts &facts,
                       const std::vector<StageInfo> &stages) {
  std::vector<std::string> layers;
  uint64_t layerCode = 0;
  for (size_t i = 0; i < stages.size();) {
    const std::string &layer = stages[i].layer;
    double macs = 0;
    uint64_t code = 0;
    std::vector<std::string> parts;
    for (; i < stages.size() && stages[i].layer == layer; i++) {
      const StageInfo &s = stages[i];
      uint64_t bytes = stageCode(facts, s.function);
      macs += s.macs;
      code += bytes;
      parts.push_back(fmt::format(
          "{{\"function\": {}, \"kind\": {}, \"macs\": {:.0f}, "
          "\"code_bytes\": {}, \"scratch_bytes\": {}}}",
          quoted(s.function), quoted(s.kind), s.macs, bytes, s.scratchBytes));
    }
    layerCode += code;
    layers.push_back(fmt::format(
        "    {{\"name\": {}, \"macs\": {:.0f}, \"code_bytes\": {},\n"
        "     \"stages\": [{}]}}",
        quoted(layer), macs, code, fmt::join(parts, ", ")));
  }
  std::vector<std::string> outputs;
  for (const OutputShape &o : outputShapes(r.outputs))
    outputs.push_back(fmt::format(
        "{{\"name\": {}, \"shape\": [{}], \"offset\": {}}}", quoted(o.name),
        fmt::join(o.shape, ", "), o.offset));
  return fmt::format(
      "{{\n"
      "  \"name\": {},\n  \"network\": {},\n  \"target\": {},\n"
      "  \"mnv3c_version\": {},\n  \"inputs_hash\": \"{:#018x}\",\n"
      "  \"input\": {},\n"
      "  \"threads\": {},\n  \"freestanding\": {},\n"
      "  \"weights\": {},\n  \"weights_section\": {},\n"
      "  \"code_bytes\": {},\n  \"entry_point_code_bytes\": {},\n"
      "  \"weight_bytes\": {},\n  \"weights_section_bytes\": {},\n"
      "  \"scratch_bytes\": {},\n  \"stack_bytes\": {},\n"
      "  \"macs\": {:.0f},\n"
      "  \"outputs\": [{}],\n"
      "  \"layers\": [\n{}\n  ]\n}}\n",
      quoted(r.name), quoted(r.network), quoted(r.target),
      quoted(mnv3cVersion()), r.inputsHash, inputJson(r.input), r.threads,
      r.freestanding ? "true" : "false",
      quoted(r.externalWeights ? "external" : "embedded"),
      r.externalWeights ? "null" : quoted(r.weightsSection),
      facts.codeBytes, facts.codeBytes - layerCode, r.weightBytes,
      r.externalWeights ? 0 : facts.weightsSectionBytes, r.scratchBytes,
      facts.stackBytes, r.macs, fmt::join(outputs, ", "),
      fmt::join(layers, ",\n"));
}

} // namespace mnv3::codegen
