//===- mnv3-codegen.cpp - drive the Halide back end from a text file ------===//
//
// Developer/test tool (built with -fno-exceptions like the MLIR side). Reads
// a network description whose weights are raw little-endian f32 files:
//   network NAME C H W CLASSES
//   conv NAME IN OUT K STRIDE DIL PAD GROUPS ACT W.bin B.bin
//   bneck NAME RESIDUAL(0|1)
//     expand IN OUT ACT W.bin B.bin
//     dw C K STRIDE DIL PAD ACT W.bin B.bin
//     se C SQUEEZE ACT GATE W1.bin B1.bin W2.bin B2.bin
//     project IN OUT ACT W.bin B.bin
//   end
//   pool NAME
//   resize NAME H W          (bilinear, align_corners=False)
//   linear NAME IN OUT ACT W.bin B.bin
// ACT: none relu relu6 hswish hsigmoid sigmoid swish. '#' starts a comment.
// Usage: mnv3-codegen DESC -o DIR [-n NAME] [--target T] [--threads N]
//                     [--emit lib,header,obj,asm,cpp,stmt] [--check-repro]
//                     [--freestanding] [--external-weights]
//                     [--weights-section S]
// --check-repro compiles a second time in the same process into DIR/again
// and fails unless NAME.a/.o/.s/.h and the runtime object are identical
// (threads = 1; with --threads > 1 Halide names the parallel-loop closures
// through its process-wide unique_name, so only separate processes agree).
//
//===----------------------------------------------------------------------===//
#include "Codegen.h"
#include "mnv3c/ConvShape.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

using namespace mnv3::codegen;

static std::string gDir, gErr;

static bool readFloats(const std::string &f, std::vector<float> &v) {
  std::ifstream in(gDir + "/" + f, std::ios::binary | std::ios::ate);
  if (!in) {
    gErr = "cannot read " + gDir + "/" + f;
    return false;
  }
  size_t n = (size_t)in.tellg() / sizeof(float);
  v.resize(n);
  in.seekg(0);
  in.read((char *)v.data(), (std::streamsize)(n * sizeof(float)));
  return true;
}

static bool parseAct(const std::string &s, Activation &a) {
  std::optional<Activation> named = mnv3::activationNamed(s);
  if (!named) {
    gErr = "unknown activation " + s;
    return false;
  }
  a = *named;
  return true;
}

static int outSize(int in, const Conv &c) {
  return (int)mnv3::convOutputExtent(in, c.kernel, c.stride, c.padding,
                                     c.dilation);
}

static bool parse(const std::string &path, Network &net) {
  std::ifstream in(path);
  if (!in) {
    gErr = "cannot open " + path;
    return false;
  }
  std::string line;
  int C = 0, H = 0, W = 0;
  Bneck *bn = nullptr;
  Layer *bl = nullptr;
  while (std::getline(in, line)) {
    if (line.find('#') != std::string::npos)
      line = line.substr(0, line.find('#'));
    std::istringstream ss(line);
    std::string kw, act, wf, bf;
    if (!(ss >> kw))
      continue;
    if (kw == "network") {
      ss >> net.name >> C >> H >> W >> net.classes;
      net.inC = C, net.inH = H, net.inW = W;
    } else if (kw == "conv") {
      Layer l;
      Conv c;
      ss >> l.name >> c.inChannels >> c.outChannels >> c.kernel >> c.stride >>
          c.dilation >> c.padding >> c.groups >> act >> wf >> bf;
      if (!parseAct(act, c.act) || !readFloats(wf, c.weights) ||
          !readFloats(bf, c.bias))
        return false;
      l.inC = C, l.inH = H, l.inW = W;
      l.outC = C = c.outChannels, l.outH = H = outSize(H, c),
      l.outW = W = outSize(W, c);
      l.op = c;
      net.layers.push_back(l);
    } else if (kw == "bneck") {
      Layer l;
      Bneck b;
      int res = 0;
      ss >> l.name >> res;
      b.residual = res != 0;
      l.inC = C, l.inH = H, l.inW = W;
      l.op = b;
      net.layers.push_back(l);
      bl = &net.layers.back();
      bn = &std::get<Bneck>(bl->op);
    } else if (kw == "expand" || kw == "project") {
      Conv c;
      ss >> c.inChannels >> c.outChannels >> act >> wf >> bf;
      if (!bn || !parseAct(act, c.act) || !readFloats(wf, c.weights) ||
          !readFloats(bf, c.bias))
        return gErr.empty() ? (gErr = kw + " outside bneck", false) : false;
      (kw == "expand" ? bn->expand : std::optional<Conv>()) = c;
      if (kw == "expand")
        bn->expand = c;
      else
        bn->project = c;
    } else if (kw == "dw") {
      Conv c;
      ss >> c.inChannels >> c.kernel >> c.stride >> c.dilation >> c.padding >>
          act >> wf >> bf;
      c.outChannels = c.groups = c.inChannels;
      if (!bn || !parseAct(act, c.act) || !readFloats(wf, c.weights) ||
          !readFloats(bf, c.bias))
        return gErr.empty() ? (gErr = "dw outside bneck", false) : false;
      bn->depthwise = c;
    } else if (kw == "se") {
      SqueezeExcite s;
      std::string gate, w1, b1, w2, b2;
      ss >> s.channels >> s.squeeze >> act >> gate >> w1 >> b1 >> w2 >> b2;
      if (!bn || !parseAct(act, s.act) || !parseAct(gate, s.gate) ||
          !readFloats(w1, s.w1) || !readFloats(b1, s.b1) ||
          !readFloats(w2, s.w2) || !readFloats(b2, s.b2))
        return gErr.empty() ? (gErr = "se outside bneck", false) : false;
      bn->se = s;
    } else if (kw == "end") {
      if (!bn)
        return gErr = "end outside bneck", false;
      bl->outC = C = bn->project.outChannels;
      bl->outH = H = outSize(H, bn->depthwise);
      bl->outW = W = outSize(W, bn->depthwise);
      bn = nullptr;
      bl = nullptr;
    } else if (kw == "resize") {
      Layer l;
      ss >> l.name >> l.outH >> l.outW;
      l.op = ResizeBilinear{};
      l.inC = C, l.inH = H, l.inW = W;
      l.outC = C, H = l.outH, W = l.outW;
      net.layers.push_back(l);
    } else if (kw == "pool") {
      Layer l;
      ss >> l.name;
      l.op = GlobalAvgPool{};
      l.inC = C, l.inH = H, l.inW = W;
      l.outC = C, l.outH = H = 1, l.outW = W = 1;
      net.layers.push_back(l);
    } else if (kw == "linear") {
      Layer l;
      Linear f;
      ss >> l.name >> f.in >> f.out >> act >> wf >> bf;
      if (!parseAct(act, f.act) || !readFloats(wf, f.weights) ||
          !readFloats(bf, f.bias))
        return false;
      l.inC = C, l.inH = H, l.inW = W;
      l.outC = C = f.out, l.outH = l.outW = 1;
      l.op = f;
      net.layers.push_back(l);
    } else {
      gErr = "unknown keyword " + kw;
      return false;
    }
  }
  return true;
}

int main(int argc, char **argv) {
  std::string desc;
  EmitOptions o;
  bool checkRepro = false;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "-o")
      o.outDir = next();
    else if (a == "-n")
      o.name = next();
    else if (a == "--target")
      o.target = next();
    else if (a == "--check-repro")
      checkRepro = true;
    else if (a == "--threads")
      o.threads = atoi(next().c_str());
    else if (a == "--freestanding")
      o.freestanding = true;
    else if (a == "--external-weights")
      o.externalWeights = true;
    else if (a == "--weights-section")
      o.weightsSection = next();
    else if (a == "--emit") {
      o.emit.clear();
      std::stringstream ss(next());
      std::string k;
      while (std::getline(ss, k, ','))
        o.emit.insert(k);
    } else
      desc = a;
  }
  if (desc.empty()) {
    fprintf(stderr, "usage: mnv3-codegen DESC -o DIR [-n NAME] [--target T] "
                    "[--threads N] [--emit lib,header,obj,asm,cpp,stmt] "
                    "[--freestanding] [--external-weights] "
                    "[--weights-section S] [--check-repro]\n");
    return 2;
  }
  gDir = desc.substr(0, desc.find_last_of('/') == std::string::npos
                            ? 0
                            : desc.find_last_of('/'));
  if (gDir.empty())
    gDir = ".";
  Network net;
  if (!parse(desc, net)) {
    fprintf(stderr, "mnv3-codegen: %s\n", gErr.c_str());
    return 1;
  }
  Result r = compileNetwork(net, o);
  if (!r.ok) {
    fprintf(stderr, "mnv3-codegen: %s\n", r.error.c_str());
    return 1;
  }
  printf("target %s\nscratch_bytes %zu\nstack_bytes %zu\ncode_bytes %zu\n",
         r.halideTarget.c_str(), r.scratchBytes, r.stackBytes, r.codeBytes);
  // One line per stage: name kind MACs lowering-seconds, then each buffer
  // argument as extents/strides (read by codegen/bench).
  for (const StageInfo &s : r.stages) {
    printf("stage %s %s %.0f %.3f", s.function.c_str(), s.kind.c_str(), s.macs,
           s.compileSeconds);
    for (size_t a = 0; a < s.argExtents.size(); a++) {
      printf(" ");
      for (size_t d = 0; d < s.argExtents[a].size(); d++)
        printf("%s%d:%d", d ? "," : "", s.argExtents[a][d], s.argStrides[a][d]);
    }
    printf("\n");
  }
  printf("codegen_seconds %.2f\n", r.codegenSeconds);
  for (const std::string &f : r.files)
    printf("wrote %s\n", f.c_str());
  if (checkRepro) {
    EmitOptions o2 = o;
    o2.outDir = o.outDir + "/again";
    Result r2 = compileNetwork(net, o2);
    if (!r2.ok || r2.files.size() != r.files.size()) {
      fprintf(stderr, "mnv3-codegen: second compile failed: %s\n",
              r2.error.c_str());
      return 1;
    }
    for (size_t i = 0; i < r.files.size(); i++) {
      // .stmt/.html listings and the C backend's .cpp name some lowering
      // temporaries from Halide's process-wide counters (e.g. sliding-window
      // loop heads), so only the machine-code outputs and the header must
      // match here; across processes every file is identical.
      const std::string &f = r.files[i];
      auto ends = [&](const char *x) {
        size_t n = strlen(x);
        return f.size() > n && f.compare(f.size() - n, n, x) == 0;
      };
      if (ends(".stmt") || ends(".html") || ends(".cpp"))
        continue;
      std::ifstream a(r.files[i], std::ios::binary),
          b(r2.files[i], std::ios::binary);
      std::string sa((std::istreambuf_iterator<char>(a)), {}),
          sb((std::istreambuf_iterator<char>(b)), {});
      if (sa != sb) {
        fprintf(stderr, "mnv3-codegen: %s differs from %s\n",
                r.files[i].c_str(), r2.files[i].c_str());
        return 1;
      }
    }
    printf("reproducible: %zu files byte-identical\n", r.files.size());
  }
  return 0;
}
