//===- CSource.cpp - make Halide's C backend output reproducible -----------===//
#include "Internal.h"

#include <fstream>
#include <iterator>
#include <map>

namespace mnv3::codegen {

// Halide's C backend names temporaries _<n>, stack arrays a<n> and shapes
// s<n> from process-wide counters, so a second compile in the same process
// would differ. Renumber each family by first appearance (a consistent
// renaming of whole identifiers, so the code is unchanged).
void renumberCTemporaries(const std::string &path) {
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

} // namespace mnv3::codegen
