//===- LatencyTableJson.cpp - write a latency table (docs/lut.md) ---------===//

#include "LatencyTableJson.h"

#include "HostCpu.h"
#include "codegen/Codegen.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <cmath>

using namespace llvm;
using namespace mnv3;
using namespace mnv3::cli;

namespace {
/// Microseconds to 10 ns, written as such ("12.34"): the clock's noise is
/// far above that, and json::OStream would print 17 digits.
void writeMicrosecondsValue(json::OStream &j, double seconds) {
  j.rawValue([&](raw_ostream &os) { os << format("%.2f", seconds * 1e6); });
}

void writeMicroseconds(json::OStream &j, StringRef key, double seconds) {
  j.attributeBegin(key);
  writeMicrosecondsValue(j, seconds);
  j.attributeEnd();
}

void writeShape(json::OStream &j, StringRef key, const MapShape &shape) {
  j.attributeArray(key, [&] {
    j.value(shape.channels);
    j.value(shape.height);
    j.value(shape.width);
  });
}

void writeTiming(json::OStream &j, const Timing &timing) {
  j.attribute("macs", int64_t(std::llround(timing.macs)));
  writeMicroseconds(j, "latency_us", timing.seconds);
}

void writePosition(json::OStream &j, StringRef key, const BlockPosition &position,
                   const RowChoices &choices) {
  j.attributeObject(key, [&] {
    writeShape(j, "input", position.input);
    writeShape(j, "output", position.output);
    j.attributeArray("candidates", [&] {
      for (const Candidate &candidate : position.candidates)
        j.object([&] {
          j.attribute("kernel", choices.kernels[candidate.kernel]);
          j.attribute("expansion",
                      choices.expansions[candidate.expansion].text);
          j.attribute("expanded", candidate.expanded);
          writeTiming(j, candidate.timing);
        });
    });
  });
}
} // namespace

void mnv3::cli::writeTableJson(raw_ostream &os, const LatencyTable &table,
                               const SearchSpace &space,
                               const TableOptions &options) {
  json::OStream j(os, 2);
  j.object([&] {
    j.attribute("format", "mnv3c latency table");
    j.attribute("version", kLatencyTableVersion);
    j.attribute("space", space.base.name);
    j.attribute("space_file", space.path);
    writeShape(j, "input", table.input);
    j.attribute("unit", "us");
    j.attribute("runs", options.runs);
    j.attribute("rounds", options.rounds);
    j.attribute("weights_seed", int64_t(options.seed));
    j.attribute("measured", utcTimestamp());
    j.attributeObject("machine", [&] {
      j.attribute("cpu", hostCpuModel());
      j.attribute("logical_cpus", hostLogicalCpus());
      j.attribute("threads", options.threads);
      j.attribute("target", table.halideTarget);
      j.attribute("mnv3c", codegen::mnv3cVersion());
      j.attribute("halide", codegen::halideVersion());
    });
    j.attributeArray("fixed", [&] {
      for (const FixedPart &part : table.fixed)
        j.object([&] {
          j.attributeArray("lines", [&] {
            for (unsigned line : part.lines)
              j.value(line);
          });
          writeShape(j, "input", part.input);
          if (part.output)
            writeShape(j, "output", *part.output);
          else
            j.attribute("output", nullptr);
          writeTiming(j, part.timing);
        });
    });
    j.attributeArray("stages", [&] {
      for (const StageEntries &stage : table.stages) {
        const RowChoices &choices = space.rows[stage.row];
        j.object([&] {
          j.attribute("line", space.rowLineNumber(stage.row));
          j.attribute("stride", space.base.bnecks[stage.row].stride);
          j.attributeArray("depths", [&] {
            for (int64_t depth : choices.depths)
              j.value(depth);
          });
          j.attributeArray("kernels", [&] {
            for (int64_t kernel : choices.kernels)
              j.value(kernel);
          });
          j.attributeArray("expansions", [&] {
            for (const ExpansionChoice &expansion : choices.expansions)
              j.value(expansion.text);
          });
          writePosition(j, "first", stage.first, choices);
          if (stage.repeat)
            writePosition(j, "repeat", *stage.repeat, choices);
          else
            j.attribute("repeat", nullptr);
        });
      }
    });
    j.attributeArray("checks", [&] {
      for (const CheckSubnet &check : table.checks)
        j.object([&] {
          j.attribute("file", check.path);
          writeTiming(j, check.timing);
          j.attributeArray("round_latencies_us", [&] {
            for (double seconds : check.timing.samples)
              writeMicrosecondsValue(j, seconds);
          });
        });
    });
  });
  os << "\n";
}
