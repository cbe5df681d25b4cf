//===- Safetensors.cpp - a validating reader of .safetensors files --------===//
//
// See include/mnv3c/Safetensors.h for the format and for what is accepted.
//
// A path is sized before it is opened (only regular files are), and read in
// three pieces, each no larger than what was vouched for before reading it:
// the 8-byte prefix, the header it declares, the data section. Validation
// runs in four steps, each on input the previous one vouched for:
//  1. the 8-byte length prefix against the file size;
//  2. the raw header text: nesting depth (llvm::json::parse recurses, so a
//     header of a million '[' would overflow the stack);
//  3. llvm::json::parse, then one scan of the (now well-formed) text for what
//     the parsed value no longer shows: duplicate keys, the text order of the
//     tensors, and numbers written as `3.0` or `3e0` in shapes and offsets;
//  4. each entry, then all byte ranges together (they must tile the data
//     section).
// Nothing reads the data section before all four steps pass, and bytes()
// re-checks its argument, so no read can leave the buffer.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Safetensors.h"
#include "mnv3c/Support.h"
#include "mnv3c/Tensor.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mnv3;
using llvm::StringRef;
namespace fs = llvm::sys::fs;

namespace {

/// Headers longer than this are rejected before anything is parsed. The
/// largest real headers (hundreds of tensors) are a few tens of KiB.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;
/// A valid header nests 3 deep ({"name": {"shape": [..]}}); anything much
/// deeper is garbage, and must not reach the recursive JSON parser.
constexpr unsigned kMaxNesting = 32;
/// Bytes before the header: the u64 header length.
constexpr uint64_t kPrefixBytes = 8;

llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// `s` in single quotes, with control characters, quotes and backslashes
/// escaped, so that every message stays on one line whatever a name holds.
std::string quote(StringRef s) {
  std::string out = "'";
  for (unsigned char c : s) {
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += llvm::hexdigit(c >> 4, /*LowerCase=*/true);
      out += llvm::hexdigit(c & 15, /*LowerCase=*/true);
    } else {
      out += char(c);
    }
  }
  return out + "'";
}

const char *kindName(const llvm::json::Value &v) {
  switch (v.kind()) {
  case llvm::json::Value::Null:
    return "null";
  case llvm::json::Value::Boolean:
    return "a boolean";
  case llvm::json::Value::Number:
    return "a number";
  case llvm::json::Value::String:
    return "a string";
  case llvm::json::Value::Array:
    return "an array";
  case llvm::json::Value::Object:
    return "an object";
  }
  return "a value";
}

/// Step 2: rejects nesting deeper than kMaxNesting. Works on any bytes.
llvm::Error checkNesting(StringRef text) {
  unsigned depth = 0;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (c == '"') {
      // Skip the string; an unterminated one is left to the parser.
      for (++i; i < e && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting)
        return fail("header JSON nests deeper than " + llvm::Twine(kMaxNesting) +
                    " levels (at file offset " +
                    llvm::Twine(kPrefixBytes + i) + ")");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return llvm::Error::success();
}

/// Rewrites llvm::json's "[line:col, byte=N]: message" in terms of the file.
llvm::Error jsonError(llvm::Error err) {
  std::string raw = llvm::toString(std::move(err));
  StringRef msg(raw);
  unsigned line, column;
  uint64_t offset;
  StringRef rest = msg;
  if (rest.consume_front("[") && !rest.consumeInteger(10, line) &&
      rest.consume_front(":") && !rest.consumeInteger(10, column) &&
      rest.consume_front(", byte=") && !rest.consumeInteger(10, offset) &&
      rest.consume_front("]: "))
    return fail("header is not valid JSON: " + rest + " (line " +
                llvm::Twine(line) + ", column " + llvm::Twine(column) +
                " of the header, file offset " +
                llvm::Twine(kPrefixBytes + offset) + ")");
  return fail("header is not valid JSON: " + msg);
}

/// Step 3's scan of well-formed JSON text for what llvm::json::Value hides.
class HeaderScan {
public:
  /// Top-level keys in text order.
  std::vector<std::string> topKeys;

  llvm::Error run(StringRef text) {
    for (size_t i = 0, e = text.size(); i < e; ++i) {
      char c = text[i];
      switch (c) {
      case '{':
      case '[':
        stack.push_back(Frame{c == '{', c == '{', {}, {}});
        break;
      case '}':
      case ']':
        if (!stack.empty())
          stack.pop_back();
        break;
      case ',':
        if (!stack.empty() && stack.back().isObject)
          stack.back().expectKey = true;
        break;
      case ':':
        if (!stack.empty())
          stack.back().expectKey = false;
        break;
      case '"': {
        size_t start = i;
        bool escaped = false;
        for (++i; i < e && text[i] != '"'; ++i)
          if (text[i] == '\\') {
            escaped = true;
            ++i;
          }
        if (!stack.empty() && stack.back().expectKey)
          if (llvm::Error err =
                  key(text.slice(start, std::min(i + 1, e)), escaped, start))
            return err;
        break;
      }
      default:
        if (c == '-' || llvm::isDigit(c)) {
          size_t start = i;
          while (i + 1 < e && (llvm::isDigit(text[i + 1]) ||
                               StringRef("+-.eE").contains(text[i + 1])))
            ++i;
          if (llvm::Error err = number(text.slice(start, i + 1)))
            return err;
        }
        // Whitespace and the letters of true/false/null need nothing.
        break;
      }
    }
    return llvm::Error::success();
  }

private:
  struct Frame {
    bool isObject;
    bool expectKey;
    std::string key; ///< the key whose value is being scanned
    llvm::StringSet<> keys;
  };
  llvm::SmallVector<Frame, 4> stack;

  llvm::Error key(StringRef literal, bool escaped, size_t offset) {
    std::string name;
    if (!escaped) {
      name = literal.drop_front().drop_back().str();
    } else {
      // The text parsed already, so the literal alone parses too.
      llvm::Expected<llvm::json::Value> v = llvm::json::parse(literal);
      if (!v)
        return jsonError(v.takeError());
      name = v->getAsString().value_or("").str();
    }
    Frame &top = stack.back();
    if (!top.keys.insert(name).second) {
      if (stack.size() == 1)
        return fail(name == "__metadata__"
                        ? llvm::Twine("duplicate \"__metadata__\"")
                        : "duplicate tensor name " + quote(name));
      if (stack.size() == 2)
        return fail((stack[0].key == "__metadata__"
                         ? llvm::Twine("\"__metadata__\"")
                         : "tensor " + quote(stack[0].key)) +
                    ": duplicate key " + quote(name));
      return fail("duplicate key " + quote(name) + " at file offset " +
                  llvm::Twine(kPrefixBytes + offset));
    }
    if (stack.size() == 1)
      topKeys.push_back(name);
    top.key = std::move(name);
    return llvm::Error::success();
  }

  llvm::Error number(StringRef literal) {
    // Only {"name": {"shape"|"data_offsets": [numbers]}} matter here.
    if (stack.size() != 3 || !stack[0].isObject || !stack[1].isObject ||
        stack[2].isObject || stack[0].key == "__metadata__")
      return llvm::Error::success();
    StringRef field = stack[1].key;
    if (field != "shape" && field != "data_offsets")
      return llvm::Error::success();
    if (literal.find_first_of(".eE") != StringRef::npos)
      return fail("tensor " + quote(stack[0].key) + ": \"" + field +
                  "\" holds " + literal + ", not an integer");
    return llvm::Error::success();
  }
};

/// Step 4 for one entry: `value` is the JSON of tensor `name`.
llvm::Expected<SafetensorsEntry> parseEntry(StringRef name,
                                            const llvm::json::Value &value,
                                            uint64_t dataSize) {
  std::string who = "tensor " + quote(name);
  if (name.empty())
    return fail("empty tensor name");
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return fail(who + ": entry is " + kindName(value) + ", not an object");

  SafetensorsEntry entry;
  entry.name = name.str();

  // dtype
  const llvm::json::Value *dtype = object->get("dtype");
  if (!dtype)
    return fail(who + ": missing \"dtype\"");
  std::optional<StringRef> dtypeName = dtype->getAsString();
  if (!dtypeName)
    return fail(who + ": \"dtype\" is " + kindName(*dtype) + ", not a string");
  unsigned elementSize = safetensorsDtypeSize(*dtypeName);
  if (elementSize == 0)
    return fail(who + ": unknown dtype " + quote(*dtypeName));
  entry.dtype = dtypeName->str();

  // shape
  const llvm::json::Value *shape = object->get("shape");
  if (!shape)
    return fail(who + ": missing \"shape\"");
  const llvm::json::Array *dims = shape->getAsArray();
  if (!dims)
    return fail(who + ": \"shape\" is " + kindName(*shape) +
                ", not an array");
  int64_t elements = 1;
  bool overflow = false;
  for (auto [i, dim] : llvm::enumerate(*dims)) {
    std::string where = who + ": shape[" + std::to_string(i) + "]";
    if (dim.kind() != llvm::json::Value::Number)
      return fail(where + " is " + kindName(dim) + ", not an integer");
    // HeaderScan has rejected fractions and exponents, so this is an integer
    // literal; getAsInteger only fails for one beyond int64.
    std::optional<int64_t> n = dim.getAsInteger();
    if (!n)
      return fail(where + " is too large");
    if (*n < 0)
      return fail(where + " is negative (" + llvm::Twine(*n) + ")");
    entry.shape.push_back(*n);
    overflow |= llvm::MulOverflow(elements, *n, elements);
  }
  // Overflow matters even if a later dim is 0: such a shape is nonsense.
  int64_t byteSize = 0;
  if (overflow || llvm::MulOverflow(elements, int64_t(elementSize), byteSize))
    return fail(who + ": shape " + formatShape(entry.shape) + " of " +
                entry.dtype + " is too large (its byte size overflows 64 bits)");

  // data_offsets
  const llvm::json::Value *offsets = object->get("data_offsets");
  if (!offsets)
    return fail(who + ": missing \"data_offsets\"");
  const llvm::json::Array *range = offsets->getAsArray();
  if (!range)
    return fail(who + ": \"data_offsets\" is " + kindName(*offsets) +
                ", not an array [begin, end]");
  if (range->size() != 2)
    return fail(who + ": \"data_offsets\" holds " +
                llvm::Twine(range->size()) + " values, not 2 [begin, end]");
  uint64_t bounds[2];
  for (unsigned i = 0; i < 2; ++i) {
    const llvm::json::Value &v = (*range)[i];
    const char *what = i == 0 ? "begin" : "end";
    if (v.kind() != llvm::json::Value::Number)
      return fail(who + ": data_offsets " + what + " is " + kindName(v) +
                  ", not an integer");
    std::optional<uint64_t> n = v.getAsUINT64();
    if (!n) {
      if (std::optional<int64_t> s = v.getAsInteger(); s && *s < 0)
        return fail(who + ": data_offsets " + what + " is negative (" +
                    llvm::Twine(*s) + ")");
      return fail(who + ": data_offsets " + what + " is too large");
    }
    bounds[i] = *n;
  }
  entry.begin = bounds[0];
  entry.end = bounds[1];
  if (entry.begin > entry.end)
    return fail(who + ": data_offsets [" + llvm::Twine(entry.begin) + ", " +
                llvm::Twine(entry.end) + "] has begin > end");
  if (entry.end > dataSize)
    return fail(who + ": data_offsets end " + llvm::Twine(entry.end) +
                " is past the end of the data section (" +
                llvm::Twine(dataSize) + " bytes)");
  if (entry.end - entry.begin != uint64_t(byteSize))
    return fail(who + ": data_offsets span " +
                llvm::Twine(entry.end - entry.begin) + " bytes, but shape " +
                formatShape(entry.shape) + " of " + entry.dtype + " needs " +
                llvm::Twine(byteSize));
  // Other keys in the entry are ignored, as by the Rust implementation.
  return entry;
}

llvm::Expected<std::map<std::string, std::string>>
parseMetadata(const llvm::json::Value &value) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return fail("\"__metadata__\" is " + llvm::Twine(kindName(value)) +
                ", not an object of strings");
  std::map<std::string, std::string> meta;
  for (const auto &[key, v] : *object) {
    std::optional<StringRef> s = v.getAsString();
    if (!s)
      return fail("\"__metadata__\" value of " + quote(key.str()) + " is " +
                  kindName(v) + ", not a string");
    meta.emplace(key.str(), s->str());
  }
  return meta;
}

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000u) << 16;
  uint32_t exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ffu;
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24, exact in f32.
    float f = float(mantissa) * (1.0f / 16777216.0f);
    return sign ? -f : f;
  }
  uint32_t bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  if (exponent == 0x1f) // inf; NaN quieted, with its payload, as F16C does
    bits = sign | 0x7f800000u | (mantissa << 13) | (mantissa ? 0x00400000u : 0);
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

float bfloat16ToFloat(uint16_t h) {
  uint32_t bits = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

/// Step 1: the length prefix (the first bytes of `prefix`) against the size
/// of the whole file. Returns the header length.
llvm::Expected<uint64_t> checkPrefix(StringRef prefix, uint64_t fileSize) {
  if (fileSize < kPrefixBytes)
    return fail("file is " + llvm::Twine(fileSize) +
                " bytes, too short for the 8-byte header length");
  uint64_t headerSize = llvm::support::endian::read64le(prefix.data());
  uint64_t available = fileSize - kPrefixBytes;
  if (headerSize > kMaxHeaderBytes)
    return fail("header length " + llvm::Twine(headerSize) +
                " is over the limit of " + llvm::Twine(kMaxHeaderBytes) +
                " bytes");
  if (headerSize > available)
    return fail("header length " + llvm::Twine(headerSize) +
                " is past the end of the file (" + llvm::Twine(available) +
                " bytes follow the length)");
  if (headerSize == 0)
    return fail("header length is 0: the header must be a JSON object");
  return headerSize;
}

/// Step 4 for all byte ranges together (`entries` sorted by range): they
/// must tile the data section exactly, with neither overlaps nor bytes that
/// belong to no tensor. Zero-byte tensors occupy nothing and overlap nothing.
llvm::Error checkTiling(llvm::ArrayRef<SafetensorsEntry> entries,
                        uint64_t dataSize) {
  const SafetensorsEntry *last = nullptr; // the non-empty range ending last
  auto unclaimed = [&](uint64_t begin, uint64_t end,
                       const SafetensorsEntry *next) {
    std::string where =
        last && next ? "between " + quote(last->name) + " and " +
                           quote(next->name)
        : next       ? "before " + quote(next->name) + ", the first tensor"
        : last       ? "after " + quote(last->name) + ", the last tensor"
                     : std::string("and there are no tensors");
    return fail("bytes [" + llvm::Twine(begin) + ", " + llvm::Twine(end) +
                ") of the data section belong to no tensor (" + where +
                "); the tensors must cover it exactly");
  };
  for (const SafetensorsEntry &entry : entries) {
    if (entry.begin == entry.end)
      continue;
    uint64_t covered = last ? last->end : 0;
    if (entry.begin < covered)
      return fail("tensors " + quote(last->name) + " [" +
                  llvm::Twine(last->begin) + ", " + llvm::Twine(last->end) +
                  ") and " + quote(entry.name) + " [" +
                  llvm::Twine(entry.begin) + ", " + llvm::Twine(entry.end) +
                  ") overlap");
    if (entry.begin > covered)
      return unclaimed(covered, entry.begin, &entry);
    last = &entry;
  }
  uint64_t covered = last ? last->end : 0;
  if (covered < dataSize)
    return unclaimed(covered, dataSize, nullptr);
  return llvm::Error::success();
}

} // namespace

unsigned mnv3::safetensorsDtypeSize(StringRef dtype) {
  return llvm::StringSwitch<unsigned>(dtype)
      .Cases("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", 1)
      .Cases("I16", "U16", "F16", "BF16", 2)
      .Cases("I32", "U32", "F32", 4)
      .Cases("I64", "U64", "F64", 8)
      .Default(0);
}

llvm::Expected<SafetensorsFile> SafetensorsFile::open(StringRef path) {
  if (std::string wrong = checkFileRole(path, FileRole::Weights);
      !wrong.empty())
    return fail(wrong);
  // Sized before it is opened: a device such as /dev/zero is endless and a
  // FIFO blocks; neither is a weights file.
  llvm::Expected<uint64_t> size = regularFileSize(path);
  if (!size)
    return size.takeError();
  llvm::Expected<fs::file_t> file = fs::openNativeFileForRead(path);
  if (!file)
    return fail("cannot read: " + llvm::toString(file.takeError()));
  auto closeFile = llvm::make_scope_exit([&] { fs::closeFile(*file); });

  // Only the prefix, then the header it declares, then the data section
  // are read: nothing beyond what the file size already vouched for.
  char prefix[kPrefixBytes];
  llvm::Expected<size_t> got =
      *size < kPrefixBytes
          ? llvm::Expected<size_t>(size_t(*size))
          : fs::readNativeFileSlice(*file, llvm::MutableArrayRef(prefix), 0);
  if (!got)
    return fail("cannot read: " + llvm::toString(got.takeError()));
  llvm::Expected<uint64_t> headerSize =
      checkPrefix(StringRef(prefix, *got), *size);
  if (!headerSize)
    return headerSize.takeError();
  auto header = llvm::MemoryBuffer::getOpenFileSlice(*file, path, *headerSize,
                                                     kPrefixBytes);
  if (!header)
    return fail("cannot read: " + header.getError().message());
  uint64_t dataSize = *size - kPrefixBytes - *headerSize;
  llvm::Expected<SafetensorsFile> result =
      parseHeader((*header)->getBuffer(), dataSize);
  if (!result)
    return result.takeError();
  auto data = dataSize == 0
                  ? llvm::MemoryBuffer::getMemBuffer("", path, false)
                  : llvm::MemoryBuffer::getOpenFileSlice(
                        *file, path, dataSize, kPrefixBytes + *headerSize);
  if (!data)
    return fail("cannot read: " + data.getError().message());
  result->data = llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>((*data)->getBufferStart()), dataSize);
  result->buffer = std::move(*data);
  return result;
}

llvm::Expected<SafetensorsFile>
SafetensorsFile::open(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  StringRef file = buffer->getBuffer();
  llvm::Expected<uint64_t> headerSize = checkPrefix(file, file.size());
  if (!headerSize)
    return headerSize.takeError();
  StringRef header = file.substr(kPrefixBytes, *headerSize);
  StringRef data = file.drop_front(kPrefixBytes + *headerSize);
  llvm::Expected<SafetensorsFile> result = parseHeader(header, data.size());
  if (!result)
    return result.takeError();
  result->data = llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(data.data()), data.size());
  result->buffer = std::move(buffer);
  return result;
}

llvm::Expected<SafetensorsFile>
SafetensorsFile::parseHeader(StringRef header, uint64_t dataSize) {
  // Steps 2 and 3: the JSON text.
  if (llvm::Error err = checkNesting(header))
    return err;
  llvm::Expected<llvm::json::Value> json = llvm::json::parse(header);
  if (!json)
    return jsonError(json.takeError());
  const llvm::json::Object *top = json->getAsObject();
  if (!top)
    return fail("header is " + llvm::Twine(kindName(*json)) +
                ", not a JSON object");
  HeaderScan scan;
  if (llvm::Error err = scan.run(header))
    return err;

  // Step 4: the entries, in text order so that the first error reported is
  // the first in the file.
  SafetensorsFile result;
  for (const std::string &name : scan.topKeys) {
    const llvm::json::Value *value = top->get(name);
    if (!value) // cannot happen: every key scanned is in the object
      return fail("internal error: key " + quote(name) + " went missing");
    if (name == "__metadata__") {
      llvm::Expected<std::map<std::string, std::string>> meta =
          parseMetadata(*value);
      if (!meta)
        return meta.takeError();
      result.meta = std::move(*meta);
      continue;
    }
    llvm::Expected<SafetensorsEntry> entry = parseEntry(name, *value, dataSize);
    if (!entry)
      return entry.takeError();
    result.entryList.push_back(std::move(*entry));
  }
  llvm::sort(result.entryList, [](const SafetensorsEntry &a,
                                  const SafetensorsEntry &b) {
    return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
  });
  if (llvm::Error err = checkTiling(result.entryList, dataSize))
    return err;
  for (auto [i, entry] : llvm::enumerate(result.entryList))
    result.byName.emplace(entry.name, i);
  return result;
}

const SafetensorsEntry *SafetensorsFile::find(StringRef name) const {
  auto it = byName.find(name.str());
  return it == byName.end() ? nullptr : &entryList[it->second];
}

llvm::Expected<llvm::ArrayRef<uint8_t>>
SafetensorsFile::bytes(const SafetensorsEntry &entry) const {
  unsigned elementSize = safetensorsDtypeSize(entry.dtype);
  int64_t elements = 1;
  bool overflow = false;
  for (int64_t dim : entry.shape)
    overflow |= dim < 0 || llvm::MulOverflow(elements, dim, elements);
  if (elementSize == 0 || overflow || entry.begin > entry.end ||
      entry.end > data.size() ||
      entry.end - entry.begin != uint64_t(elements) * elementSize)
    return fail("tensor " + quote(entry.name) +
                ": entry does not describe bytes of this file");
  return data.slice(entry.begin, entry.end - entry.begin);
}

llvm::Expected<std::vector<float>>
SafetensorsFile::readFloat(const SafetensorsEntry &entry) const {
  if (entry.dtype != "F32" && entry.dtype != "F16" && entry.dtype != "BF16")
    return fail("tensor " + quote(entry.name) + " has dtype " +
                quote(entry.dtype) + ", expected F32, F16 or BF16");
  llvm::Expected<llvm::ArrayRef<uint8_t>> raw = bytes(entry);
  if (!raw)
    return raw.takeError();
  namespace endian = llvm::support::endian;
  std::vector<float> values;
  if (entry.dtype == "F32") {
    values.resize(raw->size() / 4);
    for (size_t i = 0; i < values.size(); ++i) {
      uint32_t bits = endian::read32le(raw->data() + 4 * i);
      std::memcpy(&values[i], &bits, sizeof bits);
    }
    return values;
  }
  values.resize(raw->size() / 2);
  bool isHalf = entry.dtype == "F16";
  for (size_t i = 0; i < values.size(); ++i) {
    uint16_t bits = endian::read16le(raw->data() + 2 * i);
    values[i] = isHalf ? halfToFloat(bits) : bfloat16ToFloat(bits);
  }
  return values;
}

llvm::Expected<Tensor> SafetensorsFile::readTensor(StringRef name) const {
  const SafetensorsEntry *entry = find(name);
  if (!entry)
    return fail("no tensor named " + quote(name));
  llvm::Expected<std::vector<float>> values = readFloat(*entry);
  if (!values)
    return values.takeError();
  Tensor tensor;
  tensor.shape = entry->shape;
  tensor.data = std::move(*values);
  return tensor;
}
