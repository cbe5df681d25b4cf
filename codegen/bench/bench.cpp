// Micro benchmark of a network compiled by mnv3-codegen (NAME "net").
// Times every stage alone (its exported Halide function, called through
// dlsym with buffers shaped from the stage manifest that mnv3-codegen
// prints) and the whole net_run; reports medians, GMAC/s per stage and per
// op family, and % of the FMA peak given on the command line.
// usage: bench STAGES.txt [peak_gfma=58.8] [reps=41]
#include "HalideRuntime.h"
#include "net.h"

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

struct StageRec {
  std::string fn, kind;
  double macs;
  std::vector<std::vector<std::pair<int, int>>> args;
};

static double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

static double gMin; // fastest run of the last median() call
static double gCpu; // median thread CPU time of the last median() call

// CPU time of this thread: on a shared, loaded machine a multi-millisecond
// run is preempted many times, so wall time overstates the cost.
static double cpuNow() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

template <typename F> static double median(F f, int reps) {
  for (int i = 0; i < 3; i++)
    f();
  std::vector<double> t, c;
  for (int i = 0; i < reps; i++) {
    double t0 = now(), c0 = cpuNow();
    f();
    t.push_back(now() - t0);
    c.push_back(cpuNow() - c0);
  }
  std::sort(t.begin(), t.end());
  std::sort(c.begin(), c.end());
  gMin = t[0];
  gCpu = c[c.size() / 2];
  return t[t.size() / 2];
}

int main(int argc, char **argv) {
  if (argc < 2)
    return fprintf(stderr, "usage: bench STAGES.txt [peak] [reps]\n"), 2;
  double peak = argc > 2 ? atof(argv[2]) : 58.8;
  int reps = argc > 3 ? atoi(argv[3]) : 41;
  std::ifstream in(argv[1]);
  std::string line;
  std::vector<StageRec> stages;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string kw;
    ss >> kw;
    if (kw != "stage")
      continue;
    StageRec s;
    double secs;
    ss >> s.fn >> s.kind >> s.macs >> secs;
    std::string a;
    while (ss >> a) {
      std::vector<std::pair<int, int>> dims;
      std::stringstream ds(a);
      std::string d;
      while (std::getline(ds, d, ','))
        dims.push_back(
            {atoi(d.c_str()), atoi(d.substr(d.find(':') + 1).c_str())});
      s.args.push_back(dims);
    }
    stages.push_back(s);
  }
  std::map<std::string, std::pair<double, double>> fam; // kind -> macs, s
  double sumT = 0, sumM = 0;
  printf("%-44s %-14s %9s %9s %7s %6s\n", "stage", "kind", "MMAC", "us",
         "GMAC/s", "%peak");
  for (StageRec &s : stages) {
    typedef int (*Fn)(...);
    void *sym = dlsym(RTLD_DEFAULT, s.fn.c_str());
    if (!sym)
      return fprintf(stderr, "no symbol %s (link with -rdynamic)\n",
                     s.fn.c_str()),
             1;
    std::vector<halide_buffer_t> bufs(s.args.size());
    std::vector<std::vector<halide_dimension_t>> shapes(s.args.size());
    std::vector<std::vector<float>> data(s.args.size());
    for (size_t i = 0; i < s.args.size(); i++) {
      size_t n = 1;
      for (auto &d : s.args[i]) {
        shapes[i].push_back({0, d.first, d.second, 0});
        n *= d.first;
      }
      data[i].resize(n);
      for (size_t j = 0; j < n; j++)
        data[i][j] = (float)((j * 2654435761u) % 1000) / 1000.f - 0.5f;
      halide_buffer_t &b = bufs[i];
      b = halide_buffer_t();
      b.host = (uint8_t *)data[i].data();
      b.type = halide_type_t(halide_type_float, 32, 1);
      b.dimensions = (int)shapes[i].size();
      b.dim = shapes[i].data();
    }
    int rc = 0;
    auto call = [&]() {
      halide_buffer_t *b = bufs.data();
      switch (bufs.size()) {
      case 2:
        rc = ((int (*)(void *, void *))sym)(b, b + 1);
        break;
      case 3:
        rc = ((int (*)(void *, void *, void *))sym)(b, b + 1, b + 2);
        break;
      case 4:
        rc = ((int (*)(void *, void *, void *, void *))sym)(b, b + 1, b + 2,
                                                            b + 3);
        break;
      default:
        rc = -1;
      }
    };
    double t = median(call, reps);
    if (rc)
      return fprintf(stderr, "%s returned %d\n", s.fn.c_str(), rc), 1;
    double g = s.macs / t * 1e-9;
    printf("%-44s %-14s %9.2f %9.1f %7.1f %5.0f%%\n", s.fn.c_str(),
           s.kind.c_str(), s.macs * 1e-6, t * 1e6, g, 100 * g / peak);
    fam[s.kind].first += s.macs;
    fam[s.kind].second += t;
    sumT += t, sumM += s.macs;
  }
  printf("\nper family (sum of stage medians):\n");
  for (auto &kv : fam)
    printf("  %-14s %8.1f MMAC %8.3f ms %7.1f GMAC/s %5.0f%%\n",
           kv.first.c_str(), kv.second.first * 1e-6, kv.second.second * 1e3,
           kv.second.first / kv.second.second * 1e-9,
           100 * kv.second.first / kv.second.second * 1e-9 / peak);
  printf("  %-14s %8.1f MMAC %8.3f ms %7.1f GMAC/s %5.0f%%\n", "all stages",
         sumM * 1e-6, sumT * 1e3, sumM / sumT * 1e-9,
         100 * sumM / sumT * 1e-9 / peak);

  // Whole network on a pseudo-random image in [-1, 1) (a constant image
  // drives random-weight nets into denormals, 2x slower).
  std::vector<float> input(net_INPUT_SIZE), output(net_OUTPUT_SIZE);
  for (size_t j = 0; j < input.size(); j++)
    input[j] = (float)((j * 2654435761u) % 2000) / 1000.f - 1.f;
  void *scratch = aligned_alloc(64, (net_SCRATCH_BYTES + 63) / 64 * 64);
  int rc = 0;
  double t = median(
      [&]() { rc = net_run(input.data(), output.data(), scratch); }, reps);
  if (rc)
    return fprintf(stderr, "net_run returned %d\n", rc), 1;
  double tmin = gMin, tcpu = gCpu;
  double tn = median(
      [&]() { rc = net_run(input.data(), output.data(), nullptr); }, reps);
  printf("\nnet_run median: %.3f ms wall, min %.3f ms wall, median %.3f ms "
         "thread CPU (scratch given); median %.3f ms wall (scratch NULL); "
         "arena %zu bytes\n",
         t * 1e3, tmin * 1e3, tcpu * 1e3, tn * 1e3, (size_t)net_SCRATCH_BYTES);
  return 0;
}
