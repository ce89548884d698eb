// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/registry_sync.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <deque>
#include <functional>

#include "tests/test_support.h"

namespace trialfinder {
namespace {

std::string StudyJson(int number, const std::string& date, const std::string& status) {
  return fmt::format(
      R"({{"protocolSection":{{"identificationModule":{{"nctId":"NCT{:08}","briefTitle":"Study {}"}},)"
      R"("statusModule":{{"overallStatus":"{}","lastUpdatePostDateStruct":{{"date":"{}"}}}}}}}})",
      number, number, status, date);
}

// An API v2 upstream in memory: studies sorted by date, offset page tokens,
// the RANGE filter on LastUpdatePostDate; `script` answers requests first.
class FakeUpstream : public HttpFetcher {
 public:
  struct Entry {
    std::string date;
    std::string json;
  };
  using Script = std::function<std::optional<Result<HttpReply>>(const std::string& url)>;

  void Put(int number, const std::string& date, const std::string& status = "RECRUITING") {
    const std::string id = fmt::format("NCT{:08}", number);
    studies_[id] = {date, StudyJson(number, date, status)};
  }

  Result<HttpReply> Get(const std::string& url) override {
    urls.push_back(url);
    if (!script.empty()) {
      Script next = script.front();
      script.pop_front();
      if (std::optional<Result<HttpReply>> reply = next(url)) return *reply;
    }
    return Page(url);
  }

  Result<HttpReply> Page(const std::string& url) const {
    std::string since;
    if (auto at = url.find("RANGE%5B"); at != std::string::npos) since = url.substr(at + 8, 10);
    std::size_t offset = 0;
    if (auto at = url.find("pageToken="); at != std::string::npos) {
      const std::string token = url.substr(at + 10);
      if (token.rfind("t", 0) != 0) return HttpReply{400, R"({"message":"bad pageToken"})", ""};
      offset = std::stoul(token.substr(1));
    }
    const std::size_t size = std::stoul(url.substr(url.find("pageSize=") + 9));
    std::vector<const Entry*> matching;
    for (const auto& [id, entry] : studies_) {
      if (entry.date >= since) matching.push_back(&entry);
    }
    std::stable_sort(matching.begin(), matching.end(),
                     [](const Entry* a, const Entry* b) { return a->date < b->date; });
    std::string body = fmt::format(R"({{"totalCount":{},"studies":[)", matching.size());
    for (std::size_t i = offset; i < matching.size() && i < offset + size; ++i) {
      if (i > offset) body += ",";
      body += matching[i]->json;
    }
    body += "]";
    if (offset + size < matching.size())
      body += fmt::format(R"(,"nextPageToken":"t{}")", offset + size);
    return HttpReply{200, body + "}", ""};
  }

  std::vector<std::string> urls;
  std::deque<Script> script;

 private:
  std::map<std::string, Entry> studies_;
};

FakeUpstream::Script Answer(long status, std::string body, std::string retry_after = "") {
  return [=](const std::string&) -> std::optional<Result<HttpReply>> {
    return Result<HttpReply>(HttpReply{status, body, retry_after});
  };
}
FakeUpstream::Script TransportFailure() {
  return [](const std::string& url) -> std::optional<Result<HttpReply>> {
    return Result<HttpReply>(Status::IoError(url + ": Operation timed out"));
  };
}
FakeUpstream::Script Pass() {
  return [](const std::string&) { return std::optional<Result<HttpReply>>(); };
}

class RegistrySyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(StudyStore::Open(dir_.path() / "db")).value();
    for (int i = 1; i <= 7; ++i) upstream_.Put(i, fmt::format("2026-01-{:02}", i));
    options_.upstream = "http://upstream.test/api/v2/";
    options_.page_size = 3;
    options_.requests_per_minute = 0;
    options_.sleep = [this](std::chrono::milliseconds delay) { sleeps_.push_back(delay.count()); };
  }
  Result<SyncReport> Sync() { return SyncRegistry(*store_, upstream_, options_); }
  SyncState State() { return **LoadSyncState(*store_); }
  std::string Title(int number) {
    auto stored = store_->Get(fmt::format("NCT{:08}", number));
    return stored->has_value() ? (*stored)->raw_json : "";
  }

  testing::TempDir dir_;
  std::unique_ptr<StudyStore> store_;
  FakeUpstream upstream_;
  SyncOptions options_;
  std::vector<std::int64_t> sleeps_;
};

TEST_F(RegistrySyncTest, FirstSyncLoadsEverythingThenAsksFromTheDayBefore) {
  Result<SyncReport> first = Sync();
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->counts.new_studies, 7);
  EXPECT_EQ(first->pages, 3);
  EXPECT_EQ(*store_->Count(), 7);
  EXPECT_EQ(upstream_.urls[0].find("filter.advanced"), std::string::npos) << upstream_.urls[0];
  EXPECT_NE(upstream_.urls[0].find("http://upstream.test/api/v2/studies?"), std::string::npos);
  EXPECT_NE(upstream_.urls[0].find("sort=LastUpdatePostDate%3Aasc"), std::string::npos);
  SyncState state = State();
  EXPECT_EQ(state.phase, SyncState::Phase::kComplete);
  EXPECT_EQ(state.total, 7);
  EXPECT_EQ(state.last_date_reached, "2026-01-07");
  EXPECT_EQ(state.last_success_started_at, state.started_at);

  // A study changes upstream: the next sync asks from the day before the
  // earlier of the last start and the latest date stored (2026-01-07),
  // updates it and keeps the old version in history.
  upstream_.Put(3, "2999-01-01", "COMPLETED");
  upstream_.urls.clear();
  Result<SyncReport> second = Sync();
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_NE(upstream_.urls[0].find("RANGE%5B2026-01-06%2CMAX"), std::string::npos)
      << upstream_.urls[0];
  EXPECT_EQ(second->counts.updated, 1);
  EXPECT_EQ(second->counts.unchanged, 2);  // studies 6 and 7, in the day of overlap and after
  EXPECT_NE(Title(3).find("COMPLETED"), std::string::npos);
  EXPECT_EQ(store_->History("NCT00000003")->size(), 1u);
}

TEST_F(RegistrySyncTest, RetriesServerErrorsTimeoutsAndTruncatedPagesWithBackoff) {
  options_.first_retry_delay = std::chrono::milliseconds(1000);
  upstream_.script = {Answer(500, "oops"), TransportFailure(), Answer(200, R"({"studies":[{"pro)"),
                      Answer(503, "busy")};
  Result<SyncReport> report = Sync();
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->retries, 4);
  ASSERT_EQ(sleeps_.size(), 4u);
  // Exponential with jitter: between half and all of 1, 2, 4, 8 s.
  for (std::size_t i = 0; i < sleeps_.size(); ++i) {
    EXPECT_GE(sleeps_[i], 500 << i);
    EXPECT_LE(sleeps_[i], 1000 << i);
  }
  EXPECT_EQ(*store_->Count(), 7);
}

TEST_F(RegistrySyncTest, HonoursRetryAfter) {
  upstream_.script = {Answer(429, "slow down", "7")};
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(sleeps_.size(), 1u);
  EXPECT_EQ(sleeps_[0], 7000);
}

TEST_F(RegistrySyncTest, GivesUpAfterBoundedFailuresKeepingEarlierPagesThenResumes) {
  options_.max_attempts = 3;
  upstream_.script = {Pass(), Answer(500, "down"), Answer(500, "down"), Answer(500, "down")};
  Result<SyncReport> failed = Sync();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("gave up after 3 attempts"), std::string::npos)
      << failed.status().message();
  EXPECT_NE(failed.status().message().find("HTTP 500"), std::string::npos);
  EXPECT_EQ(*store_->Count(), 3);  // the first page, stored before the failures
  SyncState state = State();
  EXPECT_EQ(state.phase, SyncState::Phase::kFailed);
  EXPECT_EQ(state.page_token, "t3");
  EXPECT_FALSE(state.last_error.empty());

  upstream_.urls.clear();
  Result<SyncReport> resumed = Sync();
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_TRUE(resumed->resumed);
  EXPECT_NE(upstream_.urls[0].find("pageToken=t3"), std::string::npos);
  EXPECT_EQ(resumed->counts.new_studies, 4);
  EXPECT_EQ(State().counts.new_studies, 7);
  EXPECT_EQ(State().phase, SyncState::Phase::kComplete);
}

TEST_F(RegistrySyncTest, AClientErrorIsNotRetried) {
  upstream_.script = {Answer(403, "forbidden")};
  Result<SyncReport> report = Sync();
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("HTTP 403"), std::string::npos);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(RegistrySyncTest, StoppedRunsContinueAndEndAsAnUninterruptedOne) {
  options_.max_pages = 1;
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(State().phase, SyncState::Phase::kRunning);
  EXPECT_EQ(*store_->Count(), 3);
  options_.max_pages = 0;
  Result<SyncReport> rest = Sync();
  ASSERT_TRUE(rest.ok());
  EXPECT_TRUE(rest->resumed);
  EXPECT_EQ(rest->counts.new_studies, 4);
  EXPECT_EQ(*store_->Count(), 7);
}

TEST_F(RegistrySyncTest, AnExpiredTokenRestartsFromTheLastDateReached) {
  options_.max_pages = 1;
  ASSERT_TRUE(Sync().ok());
  options_.max_pages = 0;
  upstream_.urls.clear();
  upstream_.script = {Answer(400, R"({"message":"pageToken expired"})")};
  Result<SyncReport> report = Sync();
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->restarts, 1);
  ASSERT_GE(upstream_.urls.size(), 2u);
  EXPECT_NE(upstream_.urls[1].find("RANGE%5B2026-01-03"), std::string::npos) << upstream_.urls[1];
  // A full load asked again keeps the studies without a date.
  EXPECT_NE(upstream_.urls[1].find("OR%20AREA%5BLastUpdatePostDate%5DMISSING"), std::string::npos);
  EXPECT_EQ(State().resume_from, "2026-01-03");
  EXPECT_EQ(upstream_.urls[1].find("pageToken"), std::string::npos);
  EXPECT_EQ(*store_->Count(), 7);
  EXPECT_EQ(report->counts.unchanged, 1);  // the day reached comes again
}

TEST_F(RegistrySyncTest, ARepeatedPageIsHarmlessAndATokenLoopStops) {
  // The second page served twice under two tokens: stored once, counted unchanged.
  upstream_.script = {Pass(), [this](const std::string& url) {
                        Result<HttpReply> page = upstream_.Page(url);
                        std::string& body = page->body;
                        body.replace(body.find("\"t6\""), 4, "\"t3x\"");
                        return std::optional<Result<HttpReply>>(page);
                      }};
  // "t3x" leads the fake to the second page again, then on.
  Result<SyncReport> report = Sync();
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(*store_->Count(), 7);
  EXPECT_EQ(report->counts.new_studies, 7);
  EXPECT_EQ(report->counts.unchanged, 3);

  // A token that leads to itself would page forever: stop with an error.
  upstream_.script = {[this](const std::string& url) {
    Result<HttpReply> page = upstream_.Page(url);
    page->body.back() = ',';
    page->body += R"("nextPageToken":"t0"})";
    return std::optional<Result<HttpReply>>(page);
  }};
  upstream_.script.push_back(upstream_.script.front());
  upstream_.script.push_back(upstream_.script.front());
  options_.full = true;
  Result<SyncReport> loop = Sync();
  ASSERT_FALSE(loop.ok());
  EXPECT_NE(loop.status().message().find("a third time"), std::string::npos)
      << loop.status().message();
}

TEST_F(RegistrySyncTest, AnInterruptedOrEmptyLoadIsNeverTakenForAFullOne) {
  options_.max_pages = 1;
  ASSERT_TRUE(Sync().ok());
  options_.max_pages = 0;
  options_.since = "2026-01-05";
  Result<SyncReport> dated = Sync();
  ASSERT_TRUE(dated.ok()) << dated.status().message();
  ASSERT_EQ(dated->warnings.size(), 1u);
  EXPECT_NE(dated->warnings[0].find("set aside"), std::string::npos);
  options_.since.clear();
  upstream_.urls.clear();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(upstream_.urls[0].find("filter.advanced"), std::string::npos) << upstream_.urls[0];
  EXPECT_EQ(*store_->Count(), 7);
}

TEST_F(RegistrySyncTest, AnUpstreamListingNothingIsNotAFullLoad) {
  upstream_.script = {Answer(200, R"({"studies":[]})")};
  Result<SyncReport> empty = Sync();
  ASSERT_TRUE(empty.ok());
  ASSERT_EQ(empty->warnings.size(), 1u);
  EXPECT_NE(empty->warnings[0].find("no studies"), std::string::npos);
  upstream_.urls.clear();
  Result<SyncReport> next = Sync();
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(upstream_.urls[0].find("filter.advanced"), std::string::npos);
  EXPECT_EQ(next->counts.new_studies, 7);
}

TEST_F(RegistrySyncTest, WithoutFromTheStoredUpstreamIsKept) {
  options_.max_pages = 1;
  ASSERT_TRUE(Sync().ok());
  options_.max_pages = 0;
  options_.upstream.clear();
  upstream_.urls.clear();
  Result<SyncReport> resumed = Sync();
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(upstream_.urls[0].rfind("http://upstream.test/api/v2/studies?", 0), 0u);
}

TEST_F(RegistrySyncTest, BadRecordsAreReportedAndSkipped) {
  upstream_.script = {Answer(
      200,
      std::string(R"({"studies":[)") + StudyJson(1, "2026-01-01", "RECRUITING") +
          R"(,{"protocolSection":{"identificationModule":{"nctId":"NCT00000099"},"designModule":{"phases":["PHASE9"]}}}]})")};
  options_.page_size = 1000;
  Result<SyncReport> report = Sync();
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->counts.rejected, 1);
  ASSERT_EQ(report->counts.rejections.size(), 1u);
  EXPECT_NE(report->counts.rejections[0].message.find("PHASE9"), std::string::npos);
  EXPECT_NE(report->counts.rejections[0].location.find("page 1"), std::string::npos);
}

TEST_F(RegistrySyncTest, BadOptionsNameTheOption) {
  options_.since = "2026-02-30";
  EXPECT_NE(Sync().status().message().find("--since"), std::string::npos);
  options_.since = "2999-01-01";
  EXPECT_NE(Sync().status().message().find("in the future"), std::string::npos);
  options_.since.clear();
  options_.upstream = "ftp://example.org";
  EXPECT_NE(Sync().status().message().find("--from"), std::string::npos);
  options_.upstream = "http://example.org/api/v2?x=1";
  EXPECT_NE(Sync().status().message().find("--from"), std::string::npos);
}

TEST(RetryDelayTest, RetryAfterSecondsOrDateCappedAndBackoffCapped) {
  SyncOptions options;
  options.first_retry_delay = std::chrono::milliseconds(1000);
  options.max_retry_delay = std::chrono::milliseconds(5000);
  options.max_retry_after = std::chrono::milliseconds(60000);
  const auto now = std::chrono::system_clock::from_time_t(1445412480);  // 2015-10-21 07:28:00 UTC
  EXPECT_EQ(RetryDelay(options, 1, "12", 0.3, now).count(), 12000);
  EXPECT_EQ(RetryDelay(options, 1, "Wed, 21 Oct 2015 07:28:30 GMT", 0.3, now).count(), 30000);
  EXPECT_EQ(RetryDelay(options, 1, "3600", 0.3, now).count(), 60000);
  EXPECT_EQ(RetryDelay(options, 1, "", 1.0, now).count(), 1000);
  EXPECT_EQ(RetryDelay(options, 2, "", 0.0, now).count(), 1000);
  EXPECT_EQ(RetryDelay(options, 10, "", 1.0, now).count(), 5000);
  EXPECT_EQ(RetryDelay(options, 3, "soon", 1.0, now).count(), 4000);  // unreadable: backoff
}

}  // namespace
}  // namespace trialfinder
