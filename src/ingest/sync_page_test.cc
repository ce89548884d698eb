// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "ingest/sync_page.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

constexpr const char* kStudyA =
    R"({"protocolSection":{"identificationModule":{"nctId":"NCT00000101"}}})";
constexpr const char* kStudyB =
    R"({"protocolSection": {"identificationModule": {"nctId": "NCT00000102", "briefTitle": "B"}}})";

TEST(SyncPageTest, ReadsStudiesVerbatimWithTokenAndTotal) {
  const std::string body = std::string(R"({"totalCount": 7, "studies": [)") + kStudyA + ",\n" +
                           kStudyB + R"(], "nextPageToken": "abc.123"})";
  Result<SyncPage> page = ReadSyncPage(body, "upstream page 1");
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_EQ(page->records[0].json_text, kStudyA);
  EXPECT_EQ(page->records[1].json_text, kStudyB);
  EXPECT_EQ(page->next_page_token, "abc.123");
  EXPECT_EQ(page->total, 7);
}

TEST(SyncPageTest, LastAndEmptyPages) {
  Result<SyncPage> last = ReadSyncPage(std::string(R"({"studies":[)") + kStudyA + "]}", "p");
  ASSERT_TRUE(last.ok()) << last.status().message();
  EXPECT_EQ(last->records.size(), 1u);
  EXPECT_TRUE(last->next_page_token.empty());
  EXPECT_EQ(last->total, -1);
  Result<SyncPage> empty = ReadSyncPage(R"({"studies":[]})", "p");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_TRUE(empty->records.empty());
}

TEST(SyncPageTest, DamagedPagesApplyNothingAndSayWhy) {
  const std::string whole =
      std::string(R"({"studies":[)") + kStudyA + "," + kStudyB + R"(],"nextPageToken":"t"})";
  struct Case {
    std::string body;
    std::string says;
  };
  const std::vector<Case> cases = {
      {whole.substr(0, whole.size() / 2), "not complete JSON"},
      {whole.substr(0, whole.size() - 1), "not complete JSON"},
      {"", "not complete JSON"},
      {"<html>Service Unavailable</html>", "not complete JSON"},
      {"[]", "a list, not an API v2 page"},
      {"42", "not an API v2 page"},
      {R"({"nextPageToken":"t"})", "no \"studies\" list"},
      {R"({"studies":{"a":1}})", "\"studies\" is an object"},
      {R"({"studies":[1,2]})", "an element of \"studies\" is a number"},
      {R"({"studies":[[]]})", "an element of \"studies\" is a list"},
      {R"({"studies":[],"nextPageToken":5})", "nextPageToken is not a string"},
  };
  for (const Case& c : cases) {
    Result<SyncPage> page = ReadSyncPage(c.body, "upstream page 4");
    ASSERT_FALSE(page.ok()) << c.body;
    EXPECT_NE(page.status().message().find(c.says), std::string::npos)
        << c.body << " -> " << page.status().message();
    EXPECT_NE(page.status().message().find("upstream page 4"), std::string::npos);
    EXPECT_NE(page.status().message().find("nothing of it was applied"), std::string::npos);
  }
}

}  // namespace
}  // namespace trialfinder
