// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

#include <vector>

#include "trialfinder/ingest.h"

namespace trialfinder {
namespace {

std::vector<SourceRecord> Split(const std::string& text, JsonLayout layout = JsonLayout::kDetect) {
  std::vector<SourceRecord> records;
  SplitJsonRecords(
      text, "input.json", [&](SourceRecord&& r) { records.push_back(std::move(r)); }, layout);
  return records;
}

TEST(SplitJsonRecordsTest, SingleObjectIsOneRecordVerbatim) {
  const std::string text = "  {\"a\": {\"b\": \"}\"}}\n";
  auto records = Split(text);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].error.ok());
  EXPECT_EQ(records[0].json_text, "{\"a\": {\"b\": \"}\"}}\n");
  EXPECT_EQ(records[0].location, "input.json");
}

TEST(SplitJsonRecordsTest, ArrayElementsAreRecordsWithPositions) {
  auto records = Split("[\n {\"n\": \"[x]\"},\n {\"n\": \"a\\\"}\"}\n]");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].json_text, "{\"n\": \"[x]\"}");
  EXPECT_EQ(records[1].json_text, "{\"n\": \"a\\\"}\"}");
  EXPECT_EQ(records[1].location, "input.json record 2 (line 3)");
}

TEST(SplitJsonRecordsTest, TruncatedArrayKeepsCompleteRecords) {
  auto records = Split("[{\"n\":1},{\"n\":2},{\"n\":");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_TRUE(records[0].error.ok());
  EXPECT_TRUE(records[1].error.ok());
  EXPECT_FALSE(records[2].error.ok());
  EXPECT_NE(records[2].error.message().find("cut off"), std::string::npos);
  EXPECT_EQ(records[2].location, "input.json record 3 (line 1)");
}

TEST(SplitJsonRecordsTest, UnclosedArrayIsReported) {
  auto records = Split("[{\"n\":1}, ");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_FALSE(records[1].error.ok());
}

TEST(SplitJsonRecordsTest, NonObjectElementsGoToTheParser) {
  auto records = Split("[{\"n\":1}, 42, {\"n\":3}]");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].json_text, "42");
  EXPECT_EQ(records[2].json_text, "{\"n\":3}");
}

TEST(SplitJsonRecordsTest, JsonLinesOneRecordPerLine) {
  auto records = Split("{\"n\":1}\n\n{\"n\":2\n{\"n\":3}\r\n", JsonLayout::kOnePerLine);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].json_text, "{\"n\":2");  // broken line stays one record
  EXPECT_EQ(records[1].location, "input.json line 3");
  EXPECT_EQ(records[2].json_text, "{\"n\":3}");
}

TEST(SplitJsonRecordsTest, ConcatenatedObjectsAreReadAsLines) {
  auto records = Split("{\"n\":1}\n{\"n\":2}\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].location, "input.json line 2");
}

TEST(SplitJsonRecordsTest, ApiResponsePageYieldsItsStudies) {
  auto records = Split(
      R"({"studies":[{"protocolSection":{"identificationModule":{"nctId":"NCT1"}}},)"
      R"({"protocolSection":{"identificationModule":{"nctId":"NCT2"}}}],"nextPageToken":"x"})");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NE(records[1].json_text.find("NCT2"), std::string::npos);
  EXPECT_EQ(records[1].location, "input.json studies[1]");
}

// Issue 20: studies of a response page were re-serialised, with their keys
// sorted, so `show --json` did not give back the record as ingested.
TEST(SplitJsonRecordsTest, ResponsePageStudiesKeepTheirBytes) {
  const std::string first =
      R"({"protocolSection": {"identificationModule": {"nctId": "NCT1", "briefTitle": "B"}}, "hasResults": false})";
  const std::string second =
      "{\"zeta\":1,\n  \"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT2\"}}}";
  auto records = Split(R"({"nextPageToken": "x", "tag": {"a": [1, "]"]}, "studies": [ )" + first +
                       " ,\n" + second + "]}");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].json_text, first);
  EXPECT_EQ(records[1].json_text, second);
  EXPECT_EQ(records[0].location, "input.json studies[0]");
}

// Issue 20: a UTF-8 byte order mark lost the records after it.
TEST(SplitJsonRecordsTest, AByteOrderMarkIsSkipped) {
  const std::string bom = "\xEF\xBB\xBF";
  EXPECT_EQ(Split(bom + "[{\"n\":1},{\"n\":2}]").size(), 2u);
  auto lines = Split(bom + "{\"n\":1}\n{\"n\":2}\n", JsonLayout::kOnePerLine);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].json_text, "{\"n\":1}");
  auto single = Split(bom + "{\"n\":1}");
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0].json_text, "{\"n\":1}");
}

// Issue 20: each record of an array counted its line from the start of the
// file (40,000 records took 49 s). Line numbers stay right when counted as
// they come.
TEST(SplitJsonRecordsTest, ArrayRecordsNameTheirLines) {
  std::string array = "[\n";
  for (int i = 0; i < 2000; ++i)
    array += std::string(i ? ",\n" : "") + "{\"n\":" + std::to_string(i) + "}";
  array += "\n]";
  auto records = Split(array);
  ASSERT_EQ(records.size(), 2000u);
  EXPECT_EQ(records[0].location, "input.json record 1 (line 2)");
  EXPECT_EQ(records[1999].location, "input.json record 2000 (line 2001)");
}

TEST(SplitJsonRecordsTest, EmptyInputHasNoRecords) {
  EXPECT_TRUE(Split("").empty());
  EXPECT_TRUE(Split(" \n ").empty());
  EXPECT_TRUE(Split("[]").empty());
}

}  // namespace
}  // namespace trialfinder
