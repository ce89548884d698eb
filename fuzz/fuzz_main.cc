// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// One libFuzzer binary per target: TRIALFINDER_FUZZ_TARGET names it at
// compile time (see CMakeLists.txt, option TRIALFINDER_FUZZ).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const trialfinder::fuzz::Target target =
      trialfinder::fuzz::FindTarget(TRIALFINDER_FUZZ_TARGET);
  target(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
