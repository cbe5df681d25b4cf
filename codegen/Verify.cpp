//===- Verify.cpp - shape and weight-size checks before any Halide work ---===//
#include "Codegen.h"
#include "mnv3c/ConvShape.h"

#include <sstream>

namespace mnv3::codegen {
namespace {

int convOut(int in, const Conv &c) {
  return (int)convOutputExtent(in, c.kernel, c.stride, c.padding, c.dilation);
}

std::string checkConv(const Conv &c, const std::string &what) {
  std::ostringstream e;
  if (c.inChannels <= 0 || c.outChannels <= 0 || c.kernel <= 0 ||
      c.stride <= 0 || c.dilation <= 0 || c.padding < 0 || c.groups <= 0 ||
      c.inChannels % c.groups || c.outChannels % c.groups)
    e << what << ": invalid conv parameters";
  else if (c.weights.size() != (size_t)c.outChannels *
                                   (c.inChannels / c.groups) * c.kernel *
                                   c.kernel)
    e << what << ": weights has " << c.weights.size() << " floats, expected "
      << (size_t)c.outChannels * (c.inChannels / c.groups) * c.kernel *
             c.kernel;
  else if (c.bias.size() != (size_t)c.outChannels)
    e << what << ": bias has " << c.bias.size() << " floats, expected "
      << c.outChannels;
  return e.str();
}

std::string checkLayer(const Layer &l, int inC, int inH, int inW) {
  std::ostringstream e;
  std::string n = "layer '" + l.name + "'";
  if (l.inC != inC || l.inH != inH || l.inW != inW)
    return n + ": input shape " + std::to_string(l.inC) + "x" +
           std::to_string(l.inH) + "x" + std::to_string(l.inW) +
           " does not match the previous output " + std::to_string(inC) + "x" +
           std::to_string(inH) + "x" + std::to_string(inW);
  int oc = 0, oh = 0, ow = 0;
  std::string err;
  if (auto *c = std::get_if<Conv>(&l.op)) {
    if (!(err = checkConv(*c, n)).empty())
      return err;
    if (c->inChannels != inC)
      return n + ": conv inChannels differs from the input";
    oc = c->outChannels, oh = convOut(inH, *c), ow = convOut(inW, *c);
  } else if (auto *b = std::get_if<Bneck>(&l.op)) {
    int c = inC;
    if (b->expand) {
      if (!(err = checkConv(*b->expand, n + " expand")).empty())
        return err;
      if (b->expand->kernel != 1 || b->expand->groups != 1 ||
          b->expand->stride != 1 || b->expand->padding != 0 ||
          b->expand->inChannels != c)
        return n + ": expand must be a 1x1 conv of the input";
      c = b->expand->outChannels;
    }
    const Conv &d = b->depthwise;
    if (!(err = checkConv(d, n + " depthwise")).empty())
      return err;
    if (d.inChannels != c || d.outChannels != c || d.groups != c)
      return n +
             ": depthwise must have groups == channels == " + std::to_string(c);
    if (b->se) {
      const SqueezeExcite &s = *b->se;
      if (s.channels != c || s.squeeze <= 0 ||
          s.w1.size() != (size_t)s.squeeze * c ||
          s.b1.size() != (size_t)s.squeeze ||
          s.w2.size() != (size_t)s.squeeze * c || s.b2.size() != (size_t)c)
        return n + ": squeeze-excite sizes do not match " + std::to_string(c) +
               " channels";
    }
    const Conv &p = b->project;
    if (!(err = checkConv(p, n + " project")).empty())
      return err;
    if (p.kernel != 1 || p.groups != 1 || p.stride != 1 || p.padding != 0 ||
        p.inChannels != c)
      return n + ": project must be a 1x1 conv";
    oc = p.outChannels, oh = convOut(inH, d), ow = convOut(inW, d);
    if (b->residual && (oc != inC || oh != inH || ow != inW))
      return n + ": residual needs equal input and output shapes";
  } else if (std::get_if<GlobalAvgPool>(&l.op)) {
    oc = inC, oh = ow = 1;
  } else if (std::get_if<Add>(&l.op) || std::get_if<ChannelScale>(&l.op)) {
    oc = inC, oh = inH, ow = inW; // the second operand is checked by the caller
  } else if (std::get_if<ResizeBilinear>(&l.op)) {
    oc = inC, oh = l.outH, ow = l.outW;
  } else if (auto *f = std::get_if<Linear>(&l.op)) {
    if (inH != 1 || inW != 1 || f->in != inC)
      return n + ": linear needs a pooled 1x1 input of " +
             std::to_string(f->in) + " features";
    if (f->weights.size() != (size_t)f->in * f->out ||
        f->bias.size() != (size_t)f->out)
      return n + ": linear weight sizes do not match";
    oc = f->out, oh = ow = 1;
  }
  if (oh <= 0 || ow <= 0)
    return n + ": empty output";
  if (l.outC != oc || l.outH != oh || l.outW != ow)
    return n + ": declared output " + std::to_string(l.outC) + "x" +
           std::to_string(l.outH) + "x" + std::to_string(l.outW) +
           ", computed " + std::to_string(oc) + "x" + std::to_string(oh) + "x" +
           std::to_string(ow);
  return "";
}

std::string shapeOf(const Layer &l) {
  return std::to_string(l.outC) + "x" + std::to_string(l.outH) + "x" +
         std::to_string(l.outW);
}

/// A join's second operand: an earlier layer of the right shape.
std::string checkSecondOperand(const Network &net, size_t i,
                               const std::vector<bool> &pooled) {
  const Layer &l = net.layers[i];
  std::vector<int> inputs = inputsOf(net, i);
  if (inputs.size() < 2)
    return "";
  int other = inputs[1];
  std::string n = "layer '" + l.name + "'";
  if (other < 0 || other >= (int)i)
    return n + " reads layer " + std::to_string(other) +
           ", which does not come before it";
  const Layer &src = net.layers[other];
  if (std::get_if<Add>(&l.op) &&
      (src.outC != l.inC || src.outH != l.inH || src.outW != l.inW ||
       pooled[other]))
    return n + ": adds a " + shapeOf(src) + " result to a " +
           std::to_string(l.inC) + "x" + std::to_string(l.inH) + "x" +
           std::to_string(l.inW) + " map";
  if (std::get_if<ChannelScale>(&l.op) &&
      (!pooled[other] || src.outC != l.inC))
    return n + ": scales " + std::to_string(l.inC) +
           " channels by a result of " + shapeOf(src) +
           ", not a vector of as many";
  return "";
}

} // namespace

std::string verifyNetwork(const Network &net) {
  if (net.layers.empty())
    return "network has no layers";
  if (net.inC <= 0 || net.inH <= 0 || net.inW <= 0)
    return "network input shape is empty";
  // Whether each layer's result is flat (after a pool).
  std::vector<bool> pooled(net.layers.size());
  for (size_t i = 0; i < net.layers.size(); i++) {
    const Layer &l = net.layers[i];
    int from = inputOf(net, i);
    if (from < kNetworkInput || from >= (int)i)
      return "layer '" + l.name + "' reads layer " + std::to_string(from) +
             ", which does not come before it";
    int c = net.inC, h = net.inH, w = net.inW;
    bool flatInput = false;
    if (from != kNetworkInput) {
      const Layer &src = net.layers[from];
      c = src.outC, h = src.outH, w = src.outW;
      flatInput = pooled[from];
    }
    std::string e = checkLayer(l, c, h, w);
    if (!e.empty())
      return e;
    if (std::string e = checkSecondOperand(net, i, pooled); !e.empty())
      return e;
    bool flat = isFlat(l);
    if (std::get_if<Linear>(&l.op) && !flatInput)
      return "layer '" + l.name + "': linear must follow a GlobalAvgPool";
    if (!flat && flatInput)
      return "layer '" + l.name + "': spatial layer after pooling";
    pooled[i] = flat;
  }
  const Layer &last = net.layers.back();
  if (net.outputs.empty() && pooled.back() && net.classes &&
      net.classes != last.outC)
    return "network.classes = " + std::to_string(net.classes) +
           " but the last layer has " + std::to_string(last.outC) + " outputs";
  std::set<std::string> names;
  for (const NetworkOutput &o : net.outputs) {
    if (o.layer < 0 || o.layer >= (int)net.layers.size())
      return "output '" + o.name + "' names layer " + std::to_string(o.layer) +
             " of " + std::to_string(net.layers.size());
    if (!checkName(o.name).empty() || !names.insert(o.name).second)
      return "output name '" + o.name + "' is not a unique C identifier";
    for (int part : o.anchorParts)
      if (part < 0 || part >= (int)net.layers.size() ||
          isFlat(net.layers[part]) || o.columns < 1 ||
          net.layers[part].outC % o.columns)
        return "output '" + o.name + "': part " + std::to_string(part) +
               " is not a map of a multiple of " + std::to_string(o.columns) +
               " channels";
  }
  return "";
}

bool isFlat(const Layer &layer) {
  return std::get_if<GlobalAvgPool>(&layer.op) || std::get_if<Linear>(&layer.op);
}

int inputOf(const Network &net, size_t layer) {
  const std::optional<int> &input = net.layers[layer].input;
  return input ? *input : (int)layer - 1;
}

std::vector<int> inputsOf(const Network &net, size_t layer) {
  std::vector<int> inputs = {inputOf(net, layer)};
  const Layer &l = net.layers[layer];
  if (auto *add = std::get_if<Add>(&l.op))
    inputs.push_back(add->other);
  else if (auto *scale = std::get_if<ChannelScale>(&l.op))
    inputs.push_back(scale->scale);
  return inputs;
}

} // namespace mnv3::codegen
