// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Replays every input kept in fuzz/regressions/<target>/ (crashes found by
// fuzz/run.sh, after the fix) and fuzz/corpus/<target>/ (the seeds): each
// must be handled without a crash or a sanitizer report.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz/fuzz_targets.h"

namespace trialfinder::fuzz {
namespace {

namespace fs = std::filesystem;

class FuzzRegressionTest : public ::testing::TestWithParam<const char*> {};

TEST_P(FuzzRegressionTest, KeptInputsAreHandled) {
  const Target target = FindTarget(GetParam());
  ASSERT_NE(target, nullptr);
  int replayed = 0;
  for (const char* folder : {"regressions", "corpus"}) {
    const fs::path directory = fs::path(TRIALFINDER_SOURCE_DIR) / "fuzz" / folder / GetParam();
    if (!fs::is_directory(directory)) continue;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      SCOPED_TRACE(entry.path().string());
      target(bytes.str());
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0) << "no kept inputs for " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzRegressionTest,
                         ::testing::Values("study_json", "legacy_xml", "eligibility_text",
                                           "search_parameters", "advanced_filter",
                                           "patient_input"));

}  // namespace
}  // namespace trialfinder::fuzz
