// Float vectors as bytes: little-endian IEEE-754 float32, 4 bytes per value,
// whatever the host's byte order. The stored form of cached embeddings
// (store/radar_store.h CachePutVector). Pure; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ah {

// 4 * v.size() bytes.
std::string EncodeFloat32Le(std::span<const float> v);

// Inverse of EncodeFloat32Le. A size that is not a multiple of 4 ->
// Error{kCorrupt} naming the size. Empty bytes -> an empty vector.
[[nodiscard]] Result<std::vector<float>> DecodeFloat32Le(std::string_view bytes);

}  // namespace ah
