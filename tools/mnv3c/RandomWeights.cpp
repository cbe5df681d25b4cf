//===- RandomWeights.cpp - seeded values for placeholder weights ----------===//

#include "RandomWeights.h"

#include "dialects/MNV3Dialect.h"
#include "mnv3c/Importer.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>
#include <vector>

using namespace mlir;

namespace {
/// splitmix64: a small generator whose streams differ for nearby seeds.
class Generator {
public:
  explicit Generator(uint64_t seed) : state(seed) {}
  /// Uniform in [lo, hi).
  float uniform(float lo, float hi) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return lo + (hi - lo) * float(z >> 40) / float(1 << 24);
  }

private:
  uint64_t state;
};

/// FNV-1a of the name, so each weight draws its own stream.
uint64_t hashName(StringRef name) {
  uint64_t hash = 0xCBF29CE484222325ull;
  for (unsigned char c : name)
    hash = (hash ^ c) * 0x100000001B3ull;
  return hash;
}

/// The range a weight's values are drawn from, by what its name and shape
/// say it is.
std::pair<float, float> rangeOf(StringRef name, ArrayRef<int64_t> shape) {
  if (shape.size() >= 2) { // convolution or linear: [out][in/groups][k][k]
    int64_t fanIn = 1;
    for (int64_t dim : shape.drop_front())
      fanIn *= dim;
    // Uniform in [-a, a] has variance a^2 / 3.
    float a = std::sqrt(3.0f * 2.0f / float(fanIn));
    return {-a, a};
  }
  if (name.ends_with("running_var") || name.ends_with("weight"))
    return {0.5f, 1.5f}; // BatchNorm variance and scale: away from zero
  return {-0.2f, 0.2f};  // biases, BatchNorm shift and mean
}
} // namespace

void mnv3::cli::fillRandomWeights(ModuleOp module, uint64_t seed) {
  module.walk([&](ConstantOp constant) {
    auto resource = dyn_cast<DenseResourceElementsAttr>(constant.getValue());
    if (!resource || resource.getRawHandle().getBlob())
      return; // not a weight, or one that has data
    StringRef name = getWeightName(constant);
    ArrayRef<int64_t> shape = constant.getType().getShape();
    auto [lo, hi] = rangeOf(name, shape);
    Generator generator(hashName(name) + seed * 0x9E3779B97F4A7C15ull);
    std::vector<float> values(constant.getType().getNumElements());
    for (float &value : values)
      value = generator.uniform(lo, hi);
    resource.getRawHandle().getResource()->setBlob(
        HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<float>(values)));
  });
}
