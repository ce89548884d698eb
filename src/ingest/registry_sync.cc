// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/registry_sync.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "ingest/sync_page.h"
#include "trialfinder/ingest.h"
#include "trialfinder/partial_date.h"

namespace trialfinder {
namespace {

using std::chrono::milliseconds;

constexpr const char* kStateKey = "sync";
// Restarts of the query after an expired page token, without a page stored
// in between, before the sync gives up.
constexpr int kMaxRestartsWithoutProgress = 3;

std::string NowIso() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// --- the stored state, as JSON ------------------------------------------------

nlohmann::json CountsJson(const IngestReport& counts) {
  return {{"new", counts.new_studies},     {"updated", counts.updated},
          {"unchanged", counts.unchanged}, {"stale", counts.stale},
          {"rejected", counts.rejected},   {"bytes", counts.bytes}};
}

std::string StateJson(const SyncState& state) {
  nlohmann::json out = {
      {"phase", SyncPhaseName(state.phase)},
      {"upstream", state.upstream},
      {"since", state.since},
      {"pageToken", state.page_token},
      {"resumeFrom", state.resume_from},
      {"lastDateReached", state.last_date_reached},
      {"startedAt", state.started_at},
      {"updatedAt", state.updated_at},
      {"finishedAt", state.finished_at},
      {"pages", state.pages},
      {"total", state.total},
      {"counts", CountsJson(state.counts)},
      {"lastError", state.last_error},
      {"lastSuccess",
       {{"startedAt", state.last_success_started_at},
        {"finishedAt", state.last_success_finished_at},
        {"upstream", state.last_success_upstream},
        {"dateReached", state.last_success_date_reached}}},
      {"fullLoad",
       {{"finishedAt", state.full_load_finished_at}, {"upstream", state.full_load_upstream}}},
  };
  return out.dump();
}

Result<SyncState> ParseState(const std::string& text) {
  const nlohmann::json in = nlohmann::json::parse(text, nullptr, false);
  if (!in.is_object()) return Status::Corruption("the stored sync state is not a JSON object");
  SyncState state;
  const std::string phase = in.value("phase", "");
  if (phase == "running") {
    state.phase = SyncState::Phase::kRunning;
  } else if (phase == "complete") {
    state.phase = SyncState::Phase::kComplete;
  } else if (phase == "failed") {
    state.phase = SyncState::Phase::kFailed;
  } else {
    return Status::Corruption("the stored sync state has an unknown phase '" + phase + "'");
  }
  state.upstream = in.value("upstream", "");
  state.since = in.value("since", "");
  state.page_token = in.value("pageToken", "");
  state.resume_from = in.value("resumeFrom", "");
  state.last_date_reached = in.value("lastDateReached", "");
  state.started_at = in.value("startedAt", "");
  state.updated_at = in.value("updatedAt", "");
  state.finished_at = in.value("finishedAt", "");
  state.pages = in.value("pages", std::int64_t{0});
  state.total = in.value("total", std::int64_t{-1});
  state.last_error = in.value("lastError", "");
  if (const auto counts = in.find("counts"); counts != in.end() && counts->is_object()) {
    state.counts.new_studies = counts->value("new", std::int64_t{0});
    state.counts.updated = counts->value("updated", std::int64_t{0});
    state.counts.unchanged = counts->value("unchanged", std::int64_t{0});
    state.counts.stale = counts->value("stale", std::int64_t{0});
    state.counts.rejected = counts->value("rejected", std::int64_t{0});
    state.counts.bytes = counts->value("bytes", std::uint64_t{0});
  }
  if (const auto last = in.find("lastSuccess"); last != in.end() && last->is_object()) {
    state.last_success_started_at = last->value("startedAt", "");
    state.last_success_finished_at = last->value("finishedAt", "");
    state.last_success_upstream = last->value("upstream", "");
    state.last_success_date_reached = last->value("dateReached", "");
  }
  if (const auto full = in.find("fullLoad"); full != in.end() && full->is_object()) {
    state.full_load_finished_at = full->value("finishedAt", "");
    state.full_load_upstream = full->value("upstream", "");
  }
  return state;
}

// --- dates and URLs ---------------------------------------------------------

// YYYY-MM-DD (or an ISO date-time) as a day, or nullopt when it is not a
// real day.
std::optional<std::chrono::sys_days> ParseDay(std::string_view text) {
  const std::optional<PartialDate> date = PartialDate::Parse(text.substr(0, 10));
  if (!date || date->precision() != DatePrecision::kDay) return std::nullopt;
  return std::chrono::sys_days(date->first_day());
}

std::string FormatDay(std::chrono::sys_days day) {
  const std::chrono::year_month_day date(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

// The API base without a trailing "/" or "/studies"; an error naming
// --from when it is not an http(s) URL.
Result<std::string> NormalizeUpstream(std::string url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("--from: '" + url +
                                   "' is not an http:// or https:// URL of an API v2 endpoint");
  }
  if (url.find_first_of("?#") != std::string::npos) {
    return Status::InvalidArgument("--from: '" + url +
                                   "' has a query or fragment; give the API's base address, "
                                   "such as https://clinicaltrials.gov/api/v2");
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  constexpr std::string_view kStudies = "/studies";
  if (url.size() > kStudies.size() && url.ends_with(kStudies))
    url.resize(url.size() - kStudies.size());
  return url;
}

std::string PageUrl(const SyncState& state, int page_size) {
  std::string url = state.upstream +
                    "/studies?format=json&countTotal=true&pageSize=" + std::to_string(page_size) +
                    "&sort=" + PercentEncode("LastUpdatePostDate:asc");
  const std::string& from = state.resume_from.empty() ? state.since : state.resume_from;
  if (!from.empty()) {
    std::string filter = "AREA[LastUpdatePostDate]RANGE[" + from + ",MAX]";
    // Studies without the date (legacy records) sort last; a full load
    // asked again from a date must not lose them.
    if (state.since.empty()) filter += " OR AREA[LastUpdatePostDate]MISSING";
    url += "&filter.advanced=" + PercentEncode(filter);
  }
  if (!state.page_token.empty()) url += "&pageToken=" + PercentEncode(state.page_token);
  return url;
}

// The first line of a body, shortened, for messages.
std::string Excerpt(const std::string& body) {
  std::string line = body.substr(0, std::min<std::size_t>(body.find('\n'), 200));
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return line;
}

void AddCounts(IngestReport& into, const IngestReport& page) {
  into.new_studies += page.new_studies;
  into.updated += page.updated;
  into.unchanged += page.unchanged;
  into.stale += page.stale;
  into.rejected += page.rejected;
  into.bytes += page.bytes;
  if (page.latest_update_post_date > into.latest_update_post_date)
    into.latest_update_post_date = page.latest_update_post_date;
}

// --- one run ------------------------------------------------------------------

// What fetching one page came to.
struct Fetched {
  enum class Kind { kPage, kTokenRejected } kind = Kind::kPage;
  SyncPage page;
};

class SyncRun {
 public:
  SyncRun(StudyStore& store, HttpFetcher& fetcher, const SyncOptions& options)
      : store_(store), fetcher_(fetcher), options_(options), random_(std::random_device{}()) {}

  Result<SyncReport> Run() {
    const auto start = std::chrono::steady_clock::now();
    if (Status status = Start(); !status.ok()) return status;
    Status status = Loop();
    report_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!status.ok()) {
      state_.phase = SyncState::Phase::kFailed;
      state_.last_error = status.message();
      state_.updated_at = NowIso();
      (void)store_.Rollback();  // nothing open unless the store failed mid-page
      if (Status saved = store_.PutMeta(kStateKey, StateJson(state_)); !saved.ok()) {
        return status.WithContext("(the failure could not be recorded: " + saved.message() + ")");
      }
      return status;
    }
    report_.state = state_;
    return report_;
  }

 private:
  Status Start() {
    if (Status checked = CheckSyncOptions(options_); !checked.ok()) return checked;
    Result<std::optional<SyncState>> prior = LoadSyncState(store_);
    if (!prior.ok()) return prior.status();
    // Without --from: where this store synced from before.
    std::string wanted = options_.upstream;
    if (wanted.empty()) wanted = prior->has_value() ? (*prior)->upstream : kClinicalTrialsGovApi;
    Result<std::string> upstream = NormalizeUpstream(wanted);
    if (!upstream.ok()) return upstream.status();
    const bool interrupted = prior->has_value() && (*prior)->phase != SyncState::Phase::kComplete;
    const bool can_resume =
        interrupted && (*prior)->upstream == *upstream && !options_.full && options_.since.empty();
    if (can_resume) {
      state_ = **prior;
      report_.resumed = true;
    } else {
      if (prior->has_value()) {
        const SyncState& before = **prior;
        state_.last_success_started_at = before.last_success_started_at;
        state_.last_success_finished_at = before.last_success_finished_at;
        state_.last_success_upstream = before.last_success_upstream;
        state_.last_success_date_reached = before.last_success_date_reached;
        state_.full_load_finished_at = before.full_load_finished_at;
        state_.full_load_upstream = before.full_load_upstream;
        if (interrupted) {
          report_.warnings.push_back(fmt::format(
              "the interrupted sync from {} ({} pages) was set aside{}", before.upstream,
              before.pages,
              before.since.empty()
                  ? "; the next sync without --since loads everything again from the start"
                  : ""));
        }
      }
      state_.upstream = *upstream;
      state_.started_at = NowIso();
      if (!options_.since.empty()) {
        state_.since = options_.since;
      } else if (!options_.full && state_.full_load_upstream == *upstream &&
                 state_.last_success_upstream == *upstream) {
        // From the day before the earlier of the last complete sync's start
        // and the latest update date stored: a day of overlap for clocks
        // and for studies posted while it ran, and nothing lost to an
        // upstream whose dates lag this clock.
        std::optional<std::chrono::sys_days> from = ParseDay(state_.last_success_started_at);
        if (const auto reached = ParseDay(state_.last_success_date_reached);
            reached && (!from || *reached < *from))
          from = reached;
        if (from) state_.since = FormatDay(*from - std::chrono::days(1));
      }
    }
    state_.phase = SyncState::Phase::kRunning;
    state_.last_error.clear();
    state_.updated_at = NowIso();
    return store_.PutMeta(kStateKey, StateJson(state_));
  }

  Status Loop() {
    // How often each page token came: an upstream may serve a page twice
    // (harmless: its studies are unchanged the second time), but a token
    // given a third time is a loop that would never end.
    std::map<std::string, int> tokens_seen;
    int restarts_without_progress = 0;
    while (true) {
      if ((options_.max_pages > 0 && report_.pages >= options_.max_pages) ||
          (options_.stop_requested && options_.stop_requested())) {
        report_.stopped = true;
        return Status::Ok();
      }
      Result<Fetched> fetched = FetchPage();
      if (!fetched.ok()) return fetched.status();
      if (fetched->kind == Fetched::Kind::kTokenRejected) {
        // The upstream no longer knows the token (expired, or the upstream
        // restarted): ask again from the latest date stored; the studies of
        // that day come again and are counted unchanged.
        if (++restarts_without_progress > kMaxRestartsWithoutProgress) {
          return Status::IoError(
              fmt::format("{}: the upstream refused the page token {} times in a row",
                          state_.upstream, restarts_without_progress));
        }
        ++report_.restarts;
        if (!state_.last_date_reached.empty())
          state_.resume_from = state_.last_date_reached.substr(0, 10);
        state_.page_token.clear();
        tokens_seen.clear();
        continue;
      }
      restarts_without_progress = 0;
      SyncPage& page = fetched->page;
      if (!page.next_page_token.empty() && ++tokens_seen[page.next_page_token] > 2) {
        return Status::IoError(fmt::format(
            "{}: the upstream gave page token '{}' a third time (the query would never end); "
            "the pages before it are stored",
            state_.upstream, page.next_page_token));
      }
      if (Status status = Apply(page); !status.ok()) return status;
      if (options_.on_progress) {
        options_.on_progress({state_.pages, state_.counts.records(), state_.total, report_.retries,
                              state_.last_date_reached});
      }
      if (options_.after_page) {
        if (Status status = options_.after_page(); !status.ok()) return status;
      }
      if (state_.phase == SyncState::Phase::kComplete) return Status::Ok();
    }
  }

  // Stores one page and the position after it, in one transaction.
  Status Apply(SyncPage& page) {
    StoreTransaction transaction(store_);
    if (!transaction.status().ok()) return transaction.status();
    IngestReport counts;
    IngestOptions ingest;
    ingest.limits = options_.limits;
    ingest.max_reported_rejections = options_.max_reported_rejections;
    if (Status status = StoreRecords(store_, std::move(page.records), ingest, counts); !status.ok())
      return status;
    SyncState next = state_;
    AddCounts(next.counts, counts);
    next.counts.rejections.clear();
    ++next.pages;
    if (page.total >= 0) next.total = page.total;
    if (counts.latest_update_post_date > next.last_date_reached)
      next.last_date_reached = counts.latest_update_post_date;
    next.page_token = page.next_page_token;
    next.updated_at = NowIso();
    if (page.next_page_token.empty()) {
      next.phase = SyncState::Phase::kComplete;
      next.finished_at = next.updated_at;
      next.last_success_started_at = next.started_at;
      next.last_success_finished_at = next.finished_at;
      next.last_success_upstream = next.upstream;
      next.last_success_date_reached =
          std::max(next.last_success_date_reached, next.last_date_reached);
      if (next.since.empty() && next.counts.records() > 0) {
        next.full_load_finished_at = next.finished_at;
        next.full_load_upstream = next.upstream;
      } else if (next.since.empty() && next.counts.records() == 0) {
        report_.warnings.push_back(
            "the upstream listed no studies at all; the next sync will ask for everything again");
      }
    }
    if (Status status = store_.PutMeta(kStateKey, StateJson(next)); !status.ok()) return status;
    if (Status status = transaction.Commit(); !status.ok()) return status;
    state_ = std::move(next);
    ++report_.pages;
    AddCounts(report_.counts, counts);
    for (Rejection& rejection : counts.rejections) {
      if (report_.counts.rejections.size() < options_.max_reported_rejections)
        report_.counts.rejections.push_back(std::move(rejection));
    }
    return Status::Ok();
  }

  // Fetches the page at the state's position, retrying what can be retried.
  Result<Fetched> FetchPage() {
    const std::string url = PageUrl(state_, options_.page_size);
    std::string problem;
    for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
      WaitForRateLimit();
      Result<HttpReply> reply = fetcher_.Get(url);
      std::string retry_after;
      if (!reply.ok()) {
        problem = reply.status().message();
      } else if (reply->status == 200) {
        const std::string name = fmt::format("{} page {}", state_.upstream, state_.pages + 1);
        Result<SyncPage> page = ReadSyncPage(reply->body, name);
        if (page.ok()) return Fetched{Fetched::Kind::kPage, std::move(page).value()};
        problem = page.status().message();
      } else if (reply->status == 429 || reply->status >= 500) {
        problem = fmt::format("{}: HTTP {} {}", url, reply->status, Excerpt(reply->body));
        retry_after = reply->retry_after;
      } else if ((reply->status == 400 || reply->status == 404 || reply->status == 410) &&
                 !state_.page_token.empty()) {
        return Fetched{Fetched::Kind::kTokenRejected, {}};
      } else {
        return Status::IoError(fmt::format(
            "{}: the upstream answered HTTP {}: {}{}", url, reply->status, Excerpt(reply->body),
            reply->status == 404 ? " (is --from the API's base address, such as "
                                   "https://clinicaltrials.gov/api/v2?)"
                                 : ""));
      }
      if (attempt == options_.max_attempts) break;
      ++report_.retries;
      const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
      const milliseconds wait =
          RetryDelay(options_, attempt, retry_after, jitter, std::chrono::system_clock::now());
      if (options_.on_retry) options_.on_retry(attempt, wait, problem);
      Sleep(wait);
    }
    return Status::IoError(
        fmt::format("gave up after {} attempts; the last: {}", options_.max_attempts, problem));
  }

  void WaitForRateLimit() {
    if (options_.requests_per_minute > 0 && last_request_) {
      const auto interval =
          std::chrono::duration<double, std::milli>(60000.0 / options_.requests_per_minute);
      const auto elapsed = std::chrono::steady_clock::now() - *last_request_;
      if (elapsed < interval) {
        Sleep(std::chrono::duration_cast<milliseconds>(interval - elapsed));
      }
    }
    last_request_ = std::chrono::steady_clock::now();
  }

  void Sleep(milliseconds delay) {
    if (delay <= milliseconds(0)) return;
    if (options_.sleep) {
      options_.sleep(delay);
    } else {
      std::this_thread::sleep_for(delay);
    }
  }

  StudyStore& store_;
  HttpFetcher& fetcher_;
  const SyncOptions& options_;
  std::mt19937_64 random_;
  std::optional<std::chrono::steady_clock::time_point> last_request_;
  SyncState state_;
  SyncReport report_;
};

}  // namespace

const char* SyncPhaseName(SyncState::Phase phase) {
  switch (phase) {
    case SyncState::Phase::kRunning:
      return "running";
    case SyncState::Phase::kComplete:
      return "complete";
    case SyncState::Phase::kFailed:
      return "failed";
  }
  return "running";
}

Result<std::optional<SyncState>> LoadSyncState(const StudyStore& store) {
  Result<std::optional<std::string>> text = store.GetMeta(kStateKey);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return std::optional<SyncState>();
  Result<SyncState> state = ParseState(**text);
  if (!state.ok()) return state.status();
  return std::optional<SyncState>(std::move(state).value());
}

milliseconds RetryDelay(const SyncOptions& options, int retry, const std::string& retry_after,
                        double jitter, std::chrono::system_clock::time_point now) {
  if (!retry_after.empty()) {
    std::optional<milliseconds> asked;
    if (std::all_of(retry_after.begin(), retry_after.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
        retry_after.size() <= 9) {
      asked = std::chrono::seconds(std::stol(retry_after));
    } else {
      // An HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT".
      std::tm when{};
      if (strptime(retry_after.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &when) != nullptr) {
        const auto at = std::chrono::system_clock::from_time_t(timegm(&when));
        asked = std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(at - now));
      }
    }
    if (asked) return std::min(*asked, options.max_retry_after);
  }
  const int doublings = std::clamp(retry - 1, 0, 30);
  const double full = std::min(static_cast<double>(options.first_retry_delay.count()) *
                                   static_cast<double>(std::int64_t{1} << doublings),
                               static_cast<double>(options.max_retry_delay.count()));
  return milliseconds(static_cast<std::int64_t>(full * (0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0))));
}

Status CheckSyncOptions(const SyncOptions& options) {
  if (!options.upstream.empty()) {
    if (Result<std::string> upstream = NormalizeUpstream(options.upstream); !upstream.ok())
      return upstream.status();
  }
  if (!options.since.empty()) {
    const std::optional<std::chrono::sys_days> day =
        options.since.size() == 10 ? ParseDay(options.since) : std::nullopt;
    if (!day) {
      return Status::InvalidArgument("--since: '" + options.since + "' is not a date (YYYY-MM-DD)");
    }
    if (*day > std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())) {
      return Status::InvalidArgument("--since: " + options.since +
                                     " is in the future; nothing can have been updated since");
    }
  }
  if (options.page_size < 1 || options.page_size > 1000) {
    return Status::InvalidArgument("--page-size: must be from 1 to 1000");
  }
  return Status::Ok();
}

Result<SyncReport> SyncRegistry(StudyStore& store, HttpFetcher& fetcher,
                                const SyncOptions& options) {
  return SyncRun(store, fetcher, options).Run();
}

}  // namespace trialfinder
