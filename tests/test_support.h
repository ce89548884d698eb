// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Helpers shared by the tests: temporary directories and the bundled sample.

#ifndef TRIALFINDER_TESTS_TEST_SUPPORT_H_
#define TRIALFINDER_TESTS_TEST_SUPPORT_H_

#include <filesystem>
#include <string>
#include <vector>

namespace trialfinder::testing {

// A fresh directory under the system temp dir, removed with its contents on
// destruction. Tests never write to fixed paths.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/name and returns the full path.
  std::filesystem::path Write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// data/sample in the source tree.
std::filesystem::path SampleDir();

// The whole content of a file.
std::string ReadFileOrDie(const std::filesystem::path& path);

// The lines of data/sample/studies.jsonl (582 API v2 records).
std::vector<std::string> SampleJsonLines();

// A seed study (data/sample/seed-studies/NAME.json) as text.
std::string SeedStudy(const std::string& nct_id);

}  // namespace trialfinder::testing

#endif  // TRIALFINDER_TESTS_TEST_SUPPORT_H_
