#include "core/floats.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>

namespace ah {

static_assert(sizeof(float) == 4 && std::numeric_limits<float>::is_iec559,
              "embeddings are stored as IEEE-754 float32");

std::string EncodeFloat32Le(std::span<const float> v) {
  std::string out(v.size() * 4, '\0');
  if constexpr (std::endian::native == std::endian::little) {
    if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());
  } else {
    for (size_t i = 0; i < v.size(); ++i) {
      const auto u = std::bit_cast<uint32_t>(v[i]);
      for (int b = 0; b < 4; ++b) out[4 * i + b] = static_cast<char>((u >> (8 * b)) & 0xFF);
    }
  }
  return out;
}

Result<std::vector<float>> DecodeFloat32Le(std::string_view bytes) {
  if (bytes.size() % 4 != 0) {
    return MakeError(Code::kCorrupt, "a float32 vector of " + std::to_string(bytes.size()) +
                                         " bytes (not a multiple of 4)");
  }
  std::vector<float> out(bytes.size() / 4);
  if constexpr (std::endian::native == std::endian::little) {
    if (!out.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  } else {
    for (size_t i = 0; i < out.size(); ++i) {
      uint32_t u = 0;
      for (int b = 0; b < 4; ++b)
        u |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[4 * i + b])) << (8 * b);
      out[i] = std::bit_cast<float>(u);
    }
  }
  return out;
}

}  // namespace ah
