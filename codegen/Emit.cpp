//===- Emit.cpp - compileNetwork: lower every layer, link, write files ----===//
//
// One Halide pipeline per layer (or per part of an SE block): AOT compile
// time grows superlinearly with pipeline size, so each is lowered on its own
// (Pipeline::compile_to_module) and the modules are linked into one Module
// with the NAME_run wrapper, so each emit kind is a single file. This is the
// only place Halide exceptions are caught; nothing escapes compileNetwork.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

using namespace Halide;

namespace mnv3::codegen {
namespace {

bool validIdent(const std::string &s) {
  if (s.empty() || isdigit((unsigned char)s[0]))
    return false;
  for (char c : s)
    if (!isalnum((unsigned char)c) && c != '_')
      return false;
  return true;
}

// Halide's C backend names temporaries _<n>, stack arrays a<n> and shapes
// s<n> from process-wide counters, so a second compile in the same process
// would differ. Renumber each family by first appearance (a consistent
// renaming of whole identifiers, so the code is unchanged).
void renumberTemporaries(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::string src((std::istreambuf_iterator<char>(in)), {}), out;
  in.close();
  std::map<std::string, std::string> ids;
  std::map<char, int> next;
  auto ident = [](char c) { return isalnum((unsigned char)c) || c == '_'; };
  out.reserve(src.size());
  for (size_t i = 0; i < src.size();) {
    char c = src[i];
    if ((c == '_' || c == 'a' || c == 's') && (i == 0 || !ident(src[i - 1])) &&
        i + 1 < src.size() && isdigit((unsigned char)src[i + 1])) {
      size_t j = i + 1;
      while (j < src.size() && isdigit((unsigned char)src[j]))
        j++;
      if (j == src.size() || !ident(src[j])) {
        std::string tok = src.substr(i, j - i);
        auto it = ids.find(tok);
        if (it == ids.end())
          it = ids.emplace(tok, c + std::to_string(next[c]++)).first;
        out += it->second;
        i = j;
        continue;
      }
    }
    out += src[i++];
  }
  std::ofstream o(path, std::ios::binary | std::ios::trunc);
  o << out;
}

Result compileImpl(const Network &net, const EmitOptions &opts) {
  Result res;
  std::string err = verifyNetwork(net);
  if (!err.empty()) {
    res.error = err;
    return res;
  }
  std::string name = opts.name.empty() ? net.name : opts.name;
  if (!validIdent(name)) {
    res.error = "output name '" + name + "' is not a C identifier";
    return res;
  }
  static const std::set<std::string> kinds = {"lib", "header", "obj", "asm",
                                              "cpp", "stmt", "stages"};
  for (const std::string &k : opts.emit)
    if (!kinds.count(k)) {
      res.error = "unknown emit kind '" + k +
                  "' (expected lib, header, obj, asm, cpp, stmt, stages)";
      return res;
    }
  std::optional<std::string> target = resolveTarget(opts.target, &res.error);
  if (!target)
    return res;
  res.halideTarget = *target;
  std::string dir = opts.outDir.empty() ? "." : opts.outDir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    res.error = "cannot create " + dir + ": " + ec.message();
    return res;
  }

  LowerCtx ctx;
  ctx.sched = makeSched(Target(*target), opts.threads);
  ctx.prefix = name;
  ctx.emit = opts.emit;
  ctx.outDir = dir;
  int cur = (int)ctx.tensors.size();
  ctx.tensors.push_back(
      {TensorDesc::nchw(net.inC, net.inW, net.inH), Loc::NetInput, 0, -1, -1});
  for (size_t i = 0; i < net.layers.size(); i++) {
    const Layer &l = net.layers[i];
    bool flat = std::get_if<GlobalAvgPool>(&l.op) || std::get_if<Linear>(&l.op);
    bool last = i + 1 == net.layers.size();
    TensorDesc od = flat   ? TensorDesc::vec(l.outC)
                    : last ? TensorDesc::nchw(l.outC, l.outW, l.outH)
                           : TensorDesc::chw(l.outC, l.outW, l.outH);
    int out = ctx.newTensor(od);
    if (last)
      ctx.tensors[out].loc = Loc::NetOutput;
    ctx.layerIndex = (int)i;
    ctx.layerName = l.name;
    if (auto *c = std::get_if<Conv>(&l.op))
      lowerConv(ctx, *c, cur, out);
    else if (auto *b = std::get_if<Bneck>(&l.op))
      lowerBneck(ctx, *b, cur, out);
    else if (std::get_if<GlobalAvgPool>(&l.op))
      lowerPool(ctx, cur, out);
    else
      lowerLinear(ctx, std::get<Linear>(l.op), cur, out);
    cur = out;
  }

  for (size_t s = 0; s < ctx.stages.size(); s++)
    for (int id : ctx.stages[s].args) {
      Tensor &t = ctx.tensors[id];
      t.first = t.first < 0 ? (int)s : std::min(t.first, (int)s);
      t.last = std::max(t.last, (int)s);
    }
  res.scratchBytes = planMemory(ctx.tensors, (int)ctx.stages.size());

  std::vector<Module> modules;
  for (const PipeStage &st : ctx.stages)
    modules.push_back(st.module);
  Module m = link_modules(name, modules);
  m.append(buildRunArena(ctx));
  m.append(buildRunWrapper(ctx, res.scratchBytes));

  std::map<OutputFileType, std::string> outs;
  auto want = [&](const char *k) { return opts.emit.count(k) > 0; };
  if (want("lib"))
    outs[OutputFileType::static_library] = dir + "/" + name + ".a";
  if (want("obj"))
    outs[OutputFileType::object] = dir + "/" + name + ".o";
  if (want("asm"))
    outs[OutputFileType::assembly] = dir + "/" + name + ".s";
  if (want("cpp"))
    outs[OutputFileType::c_source] = dir + "/" + name + ".cpp";
  auto t0 = std::chrono::steady_clock::now();
  if (!outs.empty())
    m.compile(outs);
  if (want("cpp"))
    renumberTemporaries(outs[OutputFileType::c_source]);
  for (auto &kv : outs)
    res.files.push_back(kv.second);
  if (want("cpp")) {
    // The C backend calls the Halide runtime (halide_malloc, error
    // reporting, thread pool); ship it as an object for the same target.
    std::string rt = dir + "/" + name + "_runtime.o";
    compile_standalone_runtime(rt, Target(*target));
    res.files.push_back(rt);
  }
  if (want("stmt"))
    for (const PipeStage &st : ctx.stages) {
      res.files.push_back(dir + "/" + st.function + ".stmt");
      res.files.push_back(dir + "/" + st.function + ".html");
    }

  const Layer &lastL = net.layers.back();
  size_t outFloats = (size_t)lastL.outC * lastL.outH * lastL.outW;
  if (want("header")) {
    std::string path = dir + "/" + name + ".h";
    std::ofstream h(path);
    h << makeHeader(name, net, (size_t)net.inC * net.inH * net.inW, outFloats,
                    res.scratchBytes, *target);
    if (!h) {
      res.error = "cannot write " + path;
      return res;
    }
    res.files.push_back(path);
  }
  res.codegenSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  for (const PipeStage &st : ctx.stages) {
    StageInfo si{st.layer, st.function, st.kind, st.macs, st.seconds, {}, {}};
    for (int id : st.args) {
      si.argExtents.push_back(ctx.tensors[id].desc.extent);
      si.argStrides.push_back(ctx.tensors[id].desc.stride);
    }
    res.stages.push_back(si);
  }
  if (want("stages")) {
    std::string path = dir + "/" + name + ".stages.txt";
    std::ofstream manifest(path);
    manifest << makeStageManifest(res.stages);
    if (!manifest) {
      res.error = "cannot write " + path;
      return res;
    }
    res.files.push_back(path);
  }
  res.ok = true;
  return res;
}

} // namespace

Result compileNetwork(const Network &net, const EmitOptions &opts) {
  Result res;
  try {
    return compileImpl(net, opts);
  } catch (const Halide::CompileError &e) {
    res.error = std::string("Halide compile error: ") + e.what();
  } catch (const Halide::InternalError &e) {
    res.error = std::string("Halide internal error: ") + e.what();
  } catch (const Halide::Error &e) {
    res.error = std::string("Halide error: ") + e.what();
  } catch (const std::exception &e) {
    res.error = std::string("error: ") + e.what();
  } catch (...) {
    res.error = "unknown exception in the Halide back end";
  }
  res.ok = false;
  return res;
}

} // namespace mnv3::codegen
