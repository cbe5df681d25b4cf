//===- Emit.cpp - compileNetwork: lower every layer, link, write files ----===//
//
// One Halide pipeline per layer (or per part of an SE block): AOT compile
// time grows superlinearly with pipeline size, so each is lowered on its own
// (Pipeline::compile_to_module). Their functions go into one Module with the
// entry points of runtime/, so each emit kind is a single file. This is the
// only place Halide exceptions are caught; nothing escapes compileNetwork.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include "runtime/EntryPoints.h"
#include "runtime/WeightsBlob.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <stdexcept>

using namespace Halide;

namespace mnv3::codegen {
namespace {

/// The target of the library and of its stages. No Halide runtime unless
/// threads need its pool (runtime/ replaces the rest); every stage gets its
/// scratch region as the user context.
Target libraryTarget(const std::string &resolved, int threads) {
  Target t = Target(resolved).with_feature(Target::UserContext);
  return threads > 1 ? t : t.with_feature(Target::NoRuntime);
}

/// What a layer is, for progress lines.
const char *layerKind(const Layer &l) {
  static const char *const kinds[] = {"conv",   "bneck",         "avgpool",
                                      "linear", "add",           "channel-scale",
                                      "resize-bilinear"};
  static_assert(std::variant_size_v<decltype(Layer::op)> == 7);
  return kinds[l.op.index()];
}

void lowerLayers(const Network &net, LowerCtx &ctx) {
  size_t n = net.layers.size();
  std::vector<OutputPlacement> outputs = placeOutputs(net);
  // Readers of each layer's result: later layers and outputs.
  std::vector<int> layerReaders(n, 0), outputReaders(n, 0);
  for (size_t i = 0; i < n; i++)
    for (int from : inputsOf(net, i))
      if (from != kNetworkInput)
        layerReaders[from]++;
  for (const OutputPlacement &o : outputs)
    outputReaders[o.layer]++;

  std::vector<int> result(n, -1); // tensor id of each layer's result
  int netInput = ctx.newTensor(
      ctx.inputFormat.channelsLast ? TensorDesc::chw(net.inC, net.inW, net.inH)
                                   : TensorDesc::nchw(net.inC, net.inW, net.inH));
  ctx.tensors[netInput].loc = Loc::NetInput;
  ctx.tensors[netInput].bytes = ctx.inputFormat.bytes;
  ctx.netInput = netInput;
  auto outputTensor = [&](const OutputPlacement &o) {
    int id = ctx.newTensor(o.channelsLast ? TensorDesc::chw(o.C, o.W, o.H)
                           : o.flat       ? TensorDesc::vec(o.C)
                                          : TensorDesc::nchw(o.C, o.W, o.H));
    ctx.tensors[id].loc = Loc::NetOutput;
    ctx.tensors[id].offset = o.offset * sizeof(float);
    return id;
  };
  auto tensorOf = [&](int layer) {
    return layer == kNetworkInput ? netInput : result[layer];
  };
  for (size_t i = 0; i < n; i++) {
    const Layer &l = net.layers[i];
    int in = tensorOf(inputOf(net, i));
    // Written straight into the output buffer when nothing else reads it.
    const OutputPlacement *direct = nullptr;
    if (layerReaders[i] == 0 && outputReaders[i] == 1)
      for (const OutputPlacement &o : outputs)
        if (o.layer == (int)i)
          direct = &o;
    int out = direct ? outputTensor(*direct)
                     : ctx.newTensor(isFlat(l) ? TensorDesc::vec(l.outC)
                                          : TensorDesc::chw(l.outC, l.outW, l.outH));
    ctx.layerIndex = (int)i;
    ctx.layerName = l.name;
    if (ctx.progress)
      ctx.progress(fmt::format("layer {}/{} {}: {}", i + 1, n, l.name,
                               layerKind(l)));
    if (auto *c = std::get_if<Conv>(&l.op))
      lowerConv(ctx, *c, in, out);
    else if (auto *b = std::get_if<Bneck>(&l.op))
      lowerBneck(ctx, *b, in, out);
    else if (std::get_if<GlobalAvgPool>(&l.op))
      lowerPool(ctx, in, out);
    else if (auto *f = std::get_if<Linear>(&l.op))
      lowerLinear(ctx, *f, in, out);
    else if (auto *a = std::get_if<Add>(&l.op))
      lowerAdd(ctx, in, tensorOf(a->other), out);
    else if (auto *m = std::get_if<ChannelScale>(&l.op))
      lowerChannelScale(ctx, in, tensorOf(m->scale), out);
    else
      lowerResizeBilinear(ctx, in, out);
    result[i] = out;
    if (!direct)
      for (const OutputPlacement &o : outputs)
        if (o.layer == (int)i)
          lowerCopyOut(ctx, out, outputTensor(o));
  }
}

/// Each tensor is live from the first to the last stage that uses it.
void recordLifetimes(LowerCtx &ctx) {
  for (size_t s = 0; s < ctx.stages.size(); s++) {
    std::vector<int> used = ctx.stages[s].args;
    if (ctx.stages[s].scratch >= 0)
      used.push_back(ctx.stages[s].scratch);
    for (int id : used) {
      Tensor &t = ctx.tensors[id];
      t.first = t.first < 0 ? (int)s : std::min(t.first, (int)s);
      t.last = std::max(t.last, (int)s);
    }
  }
}

runtime::BufferArg bufferArg(const Tensor &t) {
  using Base = runtime::BufferArg::Base;
  Base base = t.loc == Loc::NetInput    ? Base::Input
              : t.loc == Loc::NetOutput ? Base::Output
              : t.loc == Loc::Weights   ? Base::Weights
                                        : Base::Arena;
  return {base, t.offset, t.desc.extent, t.desc.stride, t.bytes};
}

/// FNV-1a over the external weights' layout (offsets and shapes), so a blob
/// made for another model is refused.
uint32_t weightsFingerprint(const LowerCtx &ctx) {
  std::vector<uint32_t> words;
  for (const Tensor &t : ctx.tensors)
    if (t.loc == Loc::Weights) {
      words.push_back((uint32_t)t.offset);
      for (int e : t.desc.extent)
        words.push_back((uint32_t)e);
    }
  return runtime::blob::fnv1aWords(words.data(), words.size());
}

/// Places the arena tensors and describes every stage call for the entry
/// points.
runtime::LibraryShape describeLibrary(LowerCtx &ctx, const Target &target) {
  runtime::LibraryShape shape;
  shape.prefix = ctx.prefix;
  shape.arenaBytes = planMemory(ctx.tensors, (int)ctx.stages.size());
  shape.threads = ctx.sched.threads;
  shape.pointerBits = target.bits;
  shape.externalWeights = ctx.externalWeights;
  shape.weightsPayloadBytes = ctx.weightsPayload.size();
  shape.weightsFingerprint = weightsFingerprint(ctx);
  for (const PipeStage &st : ctx.stages) {
    runtime::StageCall call;
    call.function = st.function;
    if (st.scratch >= 0)
      call.scratchOffset = ctx.tensors[st.scratch].offset;
    for (int id : st.args)
      call.buffers.push_back(bufferArg(ctx.tensors[id]));
    shape.stages.push_back(call);
  }
  return shape;
}

/// The stages' functions and constant buffers with the entry points. The
/// library target keeps AssertStmts, which is how the entry points return
/// their codes (the stages' own checks were removed when they were lowered).
Module assembleLibrary(const LowerCtx &ctx, const runtime::LibraryShape &shape,
                       const Target &target) {
  Module m(ctx.prefix, target);
  for (const PipeStage &st : ctx.stages) {
    for (const Internal::LoweredFunc &f : st.module.functions())
      m.append(f);
    for (const Buffer<> &b : st.module.buffers())
      m.append(b);
  }
  for (const Internal::LoweredFunc &f : runtime::buildEntryPoints(shape))
    m.append(f);
  addMultiplyAddCode(ctx.sched, m);
  return m;
}

std::vector<StageInfo> describeStages(const LowerCtx &ctx) {
  std::vector<StageInfo> stages;
  for (const PipeStage &st : ctx.stages) {
    StageInfo si;
    si.layer = st.layer;
    si.function = st.function;
    si.kind = st.kind;
    si.macs = st.macs;
    si.compileSeconds = st.seconds;
    if (st.scratch >= 0)
      si.scratchBytes = ctx.tensors[st.scratch].desc.elements() * 4;
    for (int id : st.args) {
      si.argExtents.push_back(ctx.tensors[id].desc.extent);
      si.argStrides.push_back(ctx.tensors[id].desc.stride);
    }
    stages.push_back(si);
  }
  return stages;
}

void writeFile(const std::string &path, const void *data, size_t bytes,
               std::vector<std::string> &files) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write((const char *)data, (std::streamsize)bytes);
  if (!out)
    throw std::runtime_error("cannot write " + path);
  files.push_back(path);
}

void writeText(const std::string &path, const std::string &text,
               std::vector<std::string> &files) {
  writeFile(path, text.data(), text.size(), files);
}

Result compileImpl(const Network &net, const EmitOptions &opts) {
  Result res;
  std::string name = opts.name.empty() ? net.name : opts.name;
  res.error = verifyNetwork(net);
  if (res.error.empty())
    res.error = checkEmitOptions(opts);
  if (res.error.empty())
    res.error = checkInputFormat(net, opts.input);
  if (res.error.empty())
    res.error = checkName(name);
  if (!res.error.empty())
    return res;
  res.halideTarget = *resolveTarget(opts.target, nullptr);
  const std::string &dir = opts.outDir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    res.error = "cannot create " + dir + ": " + ec.message();
    return res;
  }
  auto want = [&](const char *k) { return opts.emit.count(k) > 0; };

  LoweredLibrary lib(name, res.halideTarget, opts);
  LowerCtx &ctx = lib.ctx;
  const runtime::LibraryShape &shape = lib.shape;
  lowerLibrary(net, lib);
  Module &m = lib.module;
  const Target target = m.target();
  res.scratchBytes = runtime::scratchBytes(shape);
  res.arenaBytes = shape.arenaBytes;
  res.stages = describeStages(ctx);

  auto t0 = std::chrono::steady_clock::now();
  if (opts.progress)
    opts.progress(fmt::format("code generation for {} ({} stages)",
                              res.halideTarget, res.stages.size()));
  // Always compiled: the stack bound and the report are measured on it.
  ObjectFacts object = emitObjectCode(m, opts, dir, name, res.files);
  res.stackBytes = object.stackBytes;
  res.codeBytes = object.codeBytes;
  std::map<OutputFileType, std::string> text;
  if (want("asm"))
    text[OutputFileType::assembly] = dir + "/" + name + ".s";
  if (want("cpp"))
    text[OutputFileType::c_source] = dir + "/" + name + ".cpp";
  if (!text.empty()) {
    m.compile(text);
    for (auto &kv : text)
      res.files.push_back(kv.second);
  }
  if (want("cpp")) {
    renumberCTemporaries(text[OutputFileType::c_source]);
    if (opts.threads > 1) {
      // The C backend's parallel loops call Halide's thread pool: ship the
      // runtime as an object for the same target.
      std::string rt = dir + "/" + name + "_runtime.o";
      compile_standalone_runtime(rt, Target(res.halideTarget));
      res.files.push_back(rt);
    }
  }
  res.codegenSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  if (want("stmt"))
    for (const PipeStage &st : ctx.stages) {
      res.files.push_back(dir + "/" + st.function + ".stmt");
      res.files.push_back(dir + "/" + st.function + ".html");
    }

  if (opts.externalWeights) {
    std::vector<uint8_t> blob =
        runtime::blob::make(ctx.weightsPayload, shape.weightsFingerprint);
    writeFile(dir + "/" + name + ".weights", blob.data(), blob.size(),
              res.files);
    res.weightBytes = blob.size();
  } else {
    for (const Buffer<> &b : m.buffers())
      res.weightBytes += b.size_in_bytes();
  }

  LibraryFacts facts;
  facts.name = name;
  facts.network = net.name;
  facts.target = target.to_string();
  facts.layers = net.layers.size();
  facts.inFloats = (size_t)net.inC * net.inH * net.inW;
  facts.outputs = placeOutputs(net);
  facts.namedOutputs = !net.outputs.empty();
  for (const OutputPlacement &o : facts.outputs)
    facts.outFloats += o.floats();
  facts.inC = net.inC, facts.inH = net.inH, facts.inW = net.inW;
  facts.scratchBytes = res.scratchBytes;
  facts.stackBytes = res.stackBytes;
  facts.weightBytes = res.weightBytes;
  for (const StageInfo &s : res.stages)
    facts.macs += s.macs;
  facts.threads = opts.threads;
  facts.freestanding = opts.freestanding;
  facts.externalWeights = opts.externalWeights;
  facts.weightsSection =
      opts.weightsSection.empty() ? ".rodata" : opts.weightsSection;
  facts.inputsHash = provenanceHash(opts, name, res.halideTarget);
  facts.input = opts.input;
  if (want("header"))
    writeText(dir + "/" + name + ".h", makeHeader(facts), res.files);
  if (want("header") && isSsd(net))
    writeSsdDecoder(net, dir, name, res.files);
  if (want("stages"))
    writeText(dir + "/" + name + ".stages.txt", makeStageManifest(res.stages),
              res.files);
  res.reportPath = dir + "/" + name + ".report.json";
  writeText(res.reportPath, makeReport(facts, object, res.stages), res.files);
  res.ok = true;
  return res;
}

} // namespace

LoweredLibrary::LoweredLibrary(const std::string &name,
                               const std::string &halideTarget,
                               const EmitOptions &opts)
    : module(name, libraryTarget(halideTarget, opts.threads)) {
  ctx.sched = makeSched(Target(halideTarget), opts.threads);
  ctx.stageTarget = module.target().with_feature(Target::NoBoundsQuery);
  ctx.externalWeights = opts.externalWeights;
  ctx.prefix = name;
  ctx.emit = opts.emit;
  ctx.outDir = opts.outDir;
  ctx.progress = opts.progress;
  ctx.inputFormat = opts.input;
}

void lowerLibrary(const Network &net, LoweredLibrary &lib) {
  lowerLayers(net, lib.ctx);
  recordLifetimes(lib.ctx);
  lib.shape = describeLibrary(lib.ctx, lib.module.target());
  lib.module = assembleLibrary(lib.ctx, lib.shape, lib.module.target());
}

std::string catchHalideErrors(const std::function<void()> &body) {
  try {
    body();
    return "";
  } catch (const Halide::CompileError &e) {
    return std::string("Halide compile error: ") + e.what();
  } catch (const Halide::InternalError &e) {
    return std::string("Halide internal error: ") + e.what();
  } catch (const Halide::Error &e) {
    return std::string("Halide error: ") + e.what();
  } catch (const std::exception &e) {
    return e.what();
  } catch (...) {
    return "unknown exception in the Halide back end";
  }
}

Result compileNetwork(const Network &net, const EmitOptions &opts) {
  return resultOrError<Result>([&] { return compileImpl(net, opts); });
}

} // namespace mnv3::codegen
