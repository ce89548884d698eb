// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// FNV-1a, a small fast hash for fingerprints that must be the same in
// every build and on every machine (std::hash promises neither). Not for
// security: collisions are easy to make on purpose.

#ifndef TRIALFINDER_TEXT_FNV_HASH_H_
#define TRIALFINDER_TEXT_FNV_HASH_H_

#include <cstdint>
#include <string_view>

namespace trialfinder {

// The 64-bit FNV-1a hash of `bytes`.
inline std::uint64_t Fnv1aHash(std::string_view bytes) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_FNV_HASH_H_
