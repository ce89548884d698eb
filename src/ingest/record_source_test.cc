// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>
#include <zip.h>

#include <map>
#include <vector>

#include "tests/test_support.h"
#include "trialfinder/ingest.h"

namespace trialfinder {
namespace {

std::vector<SourceRecord> ReadAll(const std::filesystem::path& path, Status* status = nullptr) {
  std::vector<SourceRecord> records;
  Status read = ReadStudyRecords(path, [&](SourceRecord&& r) { records.push_back(std::move(r)); });
  if (status) *status = read;
  return records;
}

void WriteZip(const std::filesystem::path& path,
              const std::map<std::string, std::string>& entries) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr);
  for (const auto& [name, content] : entries) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(archive), 0);
}

TEST(ReadStudyRecordsTest, ReadsADirectoryOfMixedFilesInPathOrder) {
  testing::TempDir dir;
  dir.Write("b/two.jsonl", "{\"n\":2}\n{\"n\":3}\n");
  dir.Write("a.json", "[{\"n\":1}]");
  dir.Write("c.xml", testing::ReadFileOrDie(testing::SampleDir() / "xml" / "NCT01661400.xml"));
  dir.Write("notes.txt", "not a record");
  dir.Write(".hidden.json", "{\"n\":0}");
  auto records = ReadAll(dir.path());
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].json_text, "{\"n\":1}");
  EXPECT_EQ(records[1].json_text, "{\"n\":2}");
  EXPECT_EQ(records[2].json_text, "{\"n\":3}");
  EXPECT_NE(records[3].json_text.find("NCT01661400"), std::string::npos);
  for (const auto& record : records) EXPECT_TRUE(record.error.ok()) << record.location;
}

// Issue 20: a UTF-8 byte order mark lost the record after it.
TEST(ReadStudyRecordsTest, FilesStartingWithAByteOrderMarkAreRead) {
  testing::TempDir dir;
  dir.Write("one.jsonl", "\xEF\xBB\xBF{\"n\":1}\n{\"n\":2}\n");
  dir.Write("two.json", "\xEF\xBB\xBF[{\"n\":3}]");
  auto records = ReadAll(dir.path());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].json_text, "{\"n\":1}");
  EXPECT_EQ(records[2].json_text, "{\"n\":3}");
}

TEST(ReadStudyRecordsTest, ReadsTheBulkZipOfPerStudyFiles) {
  testing::TempDir dir;
  const auto zip_path = dir.path() / "ctg-studies.json.zip";
  WriteZip(zip_path, {{"NCT07038447.json", testing::SeedStudy("NCT07038447")},
                      {"NCT07193810.json", testing::SeedStudy("NCT07193810")},
                      {"legacy/NCT01661400.xml",
                       testing::ReadFileOrDie(testing::SampleDir() / "xml" / "NCT01661400.xml")},
                      {"README.txt", "ignored"}});
  auto records = ReadAll(zip_path);
  ASSERT_EQ(records.size(), 3u);
  std::vector<std::string> locations;
  for (const auto& record : records) {
    EXPECT_TRUE(record.error.ok()) << record.location << " " << record.error.message();
    locations.push_back(record.location);
  }
  EXPECT_EQ(locations[0], zip_path.string() + ":NCT07038447.json");
  EXPECT_EQ(records[0].json_text, testing::SeedStudy("NCT07038447"));
}

TEST(ReadStudyRecordsTest, MissingPathAndBrokenZipAreErrors) {
  testing::TempDir dir;
  Status status;
  ReadAll(dir.path() / "nope.json", &status);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("nope.json"), std::string::npos);

  const auto fake_zip = dir.Write("broken.zip", "this is not a zip");
  ReadAll(fake_zip, &status);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("not a readable zip"), std::string::npos);
}

TEST(ReadStudyRecordsTest, BrokenXmlIsARecordError) {
  testing::TempDir dir;
  const auto file = dir.Write("bad.xml", "<clinical_study><id_info>");
  auto records = ReadAll(file);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].error.ok());
  EXPECT_EQ(records[0].location, file.string());
}

}  // namespace
}  // namespace trialfinder
