// stage_bench.cpp - where the time of a compiled model goes.
//
// Times every stage of a model compiled with `mnv3c compile --emit=lib,
// header,stages` on its own (its exported Halide function, found with dlsym,
// called with its scratch region as the user context and on buffers shaped
// as NAME.stages.txt says), then the whole
// NAME_run; prints per-stage, per-fused-op (layer) and per-family medians,
// GMAC/s and the share of the CPU's peak FMA rate given on the command line.
//
//   c++ -O2 -std=c++17 -DMODEL=NAME -I DIR -I /usr/include/halide14
//       bench/stage_bench.cpp DIR/NAME.a -rdynamic -lpthread -ldl -o stage_bench
//   stage_bench DIR/NAME.stages.txt [peak GFMA/s = 58.8] [reps = 41]
//
// Stages run with hot caches (each is repeated), so their sum is a floor;
// the whole-model time includes weights arriving from memory.
#include "HalideRuntime.h"

#define STR2(x) #x
#define STR(x) STR2(x)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#include STR(MODEL.h)

#include <dlfcn.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Stage {
  std::string function, layer, kind;
  double macs = 0;
  size_t scratchBytes = 0; // the stage's temporaries (its user context)
  std::vector<std::vector<halide_dimension_t>> args; // per buffer: (c, x, y)
};

struct Timing {
  double median, p10, p90, min, cpuMedian;
};

double wallSeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Thread CPU time: on a shared machine a run is preempted, and wall time
// then overstates what the code costs.
double cpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

template <typename F> Timing measure(F run, int reps) {
  for (int i = 0; i < 3; i++)
    run();
  std::vector<double> wall, cpu;
  for (int i = 0; i < reps; i++) {
    double w = wallSeconds(), c = cpuSeconds();
    run();
    wall.push_back(wallSeconds() - w);
    cpu.push_back(cpuSeconds() - c);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  auto at = [&](double q) { return wall[(size_t)(q * (wall.size() - 1))]; };
  return {at(0.5), at(0.1), at(0.9), wall[0], cpu[cpu.size() / 2]};
}

std::vector<Stage> readManifest(const char *path) {
  std::ifstream in(path);
  std::vector<Stage> stages;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string keyword;
    Stage s;
    if (!(words >> keyword >> s.function >> s.layer >> s.kind >> s.macs >>
          s.scratchBytes) ||
        keyword != "stage")
      continue;
    std::string arg;
    while (words >> arg) {
      std::vector<halide_dimension_t> dims;
      std::stringstream fields(arg);
      std::string dim;
      while (std::getline(fields, dim, ','))
        dims.push_back({0, atoi(dim.c_str()),
                        atoi(dim.substr(dim.find(':') + 1).c_str()), 0});
      s.args.push_back(dims);
    }
    stages.push_back(s);
  }
  return stages;
}

// Calls a stage: its user context (the scratch region), then `count`
// buffer pointers (inputs, weights when external, outputs).
int callStage(void *symbol, void *scratch,
              std::vector<halide_buffer_t> &buffers) {
  halide_buffer_t *b = buffers.data();
  using B = halide_buffer_t *;
  using U = void *;
  switch (buffers.size()) {
  case 2:
    return ((int (*)(U, B, B))symbol)(scratch, b, b + 1);
  case 3:
    return ((int (*)(U, B, B, B))symbol)(scratch, b, b + 1, b + 2);
  case 4:
    return ((int (*)(U, B, B, B, B))symbol)(scratch, b, b + 1, b + 2, b + 3);
  }
  return -1;
}

void printRow(const char *name, const char *kind, double macs, double seconds,
              double peak) {
  double gmacs = macs / seconds * 1e-9;
  printf("| %s | %s | %.2f | %.1f | %.1f | %.0f%% |\n", name, kind, macs * 1e-6,
         seconds * 1e6, gmacs, 100 * gmacs / peak);
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    return fprintf(stderr, "usage: %s NAME.stages.txt [peak_gfma] [reps]\n",
                   argv[0]),
           2;
  double peak = argc > 2 ? atof(argv[2]) : 58.8;
  int reps = argc > 3 ? atoi(argv[3]) : 41;
  std::vector<Stage> stages = readManifest(argv[1]);
  if (stages.empty())
    return fprintf(stderr, "%s: error: no stages\n", argv[1]), 1;

  // Per layer and per family: MACs, seconds and how many stages.
  struct Sum {
    double macs = 0, seconds = 0;
    int stages = 0;
    void add(double m, double t) { macs += m, seconds += t, ++stages; }
  };
  std::map<std::string, Sum> byLayer, byKind;
  std::vector<std::string> layerOrder;
  double totalMacs = 0;
  printf("| stage | kind | MMAC | us | GMAC/s | %% of peak |\n|---|---|---|---|---|---|\n");
  for (Stage &s : stages) {
    void *symbol = dlsym(RTLD_DEFAULT, s.function.c_str());
    if (!symbol)
      return fprintf(stderr, "error: no symbol %s (link with -rdynamic)\n",
                     s.function.c_str()),
             1;
    // Pseudo-random data in [-0.5, 0.5): constant inputs drive random
    // weights into denormals, which would time something else.
    std::vector<halide_buffer_t> buffers(s.args.size());
    std::vector<std::vector<float>> data(s.args.size());
    for (size_t i = 0; i < s.args.size(); i++) {
      size_t count = 1;
      for (const halide_dimension_t &d : s.args[i])
        count *= d.extent;
      data[i].resize(count);
      for (size_t j = 0; j < count; j++)
        data[i][j] = (float)((j * 2654435761u) % 1000) / 1000.f - 0.5f;
      buffers[i] = halide_buffer_t();
      buffers[i].host = (uint8_t *)data[i].data();
      buffers[i].type = halide_type_t(halide_type_float, 32, 1);
      buffers[i].dimensions = (int)s.args[i].size();
      buffers[i].dim = s.args[i].data();
    }
    // The scratch region is 64-byte aligned, as NAME_run passes it.
    std::vector<uint8_t> scratch(s.scratchBytes + 64);
    void *context = (void *)(((uintptr_t)scratch.data() + 63) & ~(uintptr_t)63);
    int status = 0;
    Timing t =
        measure([&] { status = callStage(symbol, context, buffers); }, reps);
    if (status)
      return fprintf(stderr, "error: %s returned %d\n", s.function.c_str(),
                     status),
             1;
    printRow(s.function.c_str(), s.kind.c_str(), s.macs, t.median, peak);
    if (!byLayer.count(s.layer))
      layerOrder.push_back(s.layer);
    byLayer[s.layer].add(s.macs, t.median);
    byKind[s.kind].add(s.macs, t.median);
    totalMacs += s.macs;
  }

  auto printSum = [&](const std::string &name, const Sum &sum) {
    std::string stagesText = std::to_string(sum.stages);
    printRow(name.c_str(), stagesText.c_str(), sum.macs, sum.seconds, peak);
  };
  printf("\nper fused op (sum of its stages):\n\n| layer | stages | MMAC | us | GMAC/s | %% of peak |\n|---|---|---|---|---|---|\n");
  for (const std::string &layer : layerOrder)
    printSum(layer, byLayer[layer]);
  printf("\nper family:\n\n| family | stages | MMAC | us | GMAC/s | %% of peak |\n|---|---|---|---|---|---|\n");
  Sum all;
  for (auto &kv : byKind) {
    printSum(kv.first, kv.second);
    all.macs += kv.second.macs, all.seconds += kv.second.seconds;
    all.stages += kv.second.stages;
  }
  printSum("all stages", all);

  std::vector<CAT(MODEL, _INPUT_TYPE)> input(CAT(MODEL, _INPUT_SIZE));
  std::vector<float> output(CAT(MODEL, _OUTPUT_SIZE));
  for (size_t j = 0; j < input.size(); j++)
    input[j] = (float)((j * 2654435761u) % 2000) / 1000.f - 1.f;
  void *scratch = aligned_alloc(64, (CAT(MODEL, _SCRATCH_BYTES) + 63) / 64 * 64);
  int status = 0;
  Timing whole = measure(
      [&] { status = CAT(MODEL, _run)(input.data(), output.data(), scratch); },
      reps);
  if (status)
    return fprintf(stderr, "error: %s_run returned %d\n", STR(MODEL), status), 1;
  printf("\n%s_run: median %.3f ms (p10 %.3f, p90 %.3f, min %.3f), thread CPU "
         "median %.3f ms, %.1f GMAC/s = %.0f%% of peak; arena %zu bytes\n",
         STR(MODEL), whole.median * 1e3, whole.p10 * 1e3, whole.p90 * 1e3,
         whole.min * 1e3, whole.cpuMedian * 1e3, totalMacs / whole.median * 1e-9,
         100 * totalMacs / whole.median * 1e-9 / peak,
         (size_t)CAT(MODEL, _SCRATCH_BYTES));
  free(scratch);
  return 0;
}
