// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// `trialfinder sync`: brings a store up to date from an API v2 upstream.

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/core.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "trialfinder/index.h"
#include "trialfinder/registry_sync.h"
#include "trialfinder/store.h"
#include "trialfinder/version.h"

namespace trialfinder::cli {
namespace {

struct SyncCommandOptions {
  std::string db;
  SyncOptions sync;
  double timeout_seconds = 120;
  int retry_delay_ms = 2000;
  bool progress = isatty(STDERR_FILENO) != 0;
};

// An exclusive lock on DIR/sync.lock for the life of the object: two syncs
// on one store would interleave their positions.
class SyncLock {
 public:
  static Result<SyncLock> Take(const std::filesystem::path& db) {
    const std::filesystem::path path = db / "sync.lock";
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::IoError("cannot open " + path.string());
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      close(fd);
      return Status::IoError("another sync is running on " + db.string() + " (it holds " +
                             path.string() + ")");
    }
    return SyncLock(fd);
  }
  SyncLock(SyncLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  SyncLock& operator=(SyncLock&&) = delete;
  SyncLock(const SyncLock&) = delete;
  SyncLock& operator=(const SyncLock&) = delete;
  ~SyncLock() {
    if (fd_ >= 0) close(fd_);  // releases the lock
  }

 private:
  explicit SyncLock(int fd) : fd_(fd) {}
  int fd_;
};

void DrawProgress(const SyncProgress& progress, int page_size,
                  std::chrono::steady_clock::time_point start) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::int64_t pages_total =
      progress.total >= 0 ? std::max<std::int64_t>(1, (progress.total + page_size - 1) / page_size)
                          : 0;
  const double fraction =
      pages_total > 0
          ? std::min(1.0, static_cast<double>(progress.pages) / static_cast<double>(pages_total))
          : 0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  fmt::print(stderr, "\r[{}{}] {:3.0f}%  page {}{}  {} studies  {:.0f}/s  up to {}  {} retries ",
             std::string(filled, '#'), std::string(kWidth - filled, ' '), fraction * 100,
             progress.pages, pages_total > 0 ? fmt::format(" of {}", pages_total) : "",
             progress.studies, seconds > 0 ? static_cast<double>(progress.studies) / seconds : 0.0,
             progress.last_date_reached.empty() ? "-" : progress.last_date_reached,
             progress.retries);
  std::fflush(stderr);
}

// Ctrl-C and SIGTERM stop the sync after the page in hand (a second one
// ends it at once, which is as safe: each page is one transaction). The
// signals go to one waiting thread, so no handler touches shared state.
class StopOnSignal {
 public:
  StopOnSignal() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    waiter_ = std::thread([this] {
      int received = 0;
      sigwait(&signals_, &received);
      if (done_) return;
      stop_ = true;
      fmt::print(stderr,
                 "\nstopping after this page (again to stop at once; the next sync continues)\n");
      sigwait(&signals_, &received);
      if (!done_) std::_Exit(128 + received);
    });
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  ~StopOnSignal() {
    done_ = true;
    // Wake the waiter from whichever sigwait it is in; it sees done_ and
    // ends. Then signals act as usual again.
    pthread_kill(waiter_.native_handle(), SIGTERM);
    waiter_.join();
    pthread_sigmask(SIG_UNBLOCK, &signals_, nullptr);
  }
  bool requested() const { return stop_; }

 private:
  sigset_t signals_{};
  std::atomic<bool> stop_ = false;
  std::atomic<bool> done_ = false;
  std::thread waiter_;
};

int RunSync(SyncCommandOptions& options) {
  // Options first: a mistyped --since must not leave an empty store behind.
  if (Status checked = CheckSyncOptions(options.sync); !checked.ok()) return Fail(checked);
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(options.db);
  if (!store.ok()) return Fail(store.status());
  Result<SyncLock> lock = SyncLock::Take(options.db);
  if (!lock.ok()) return Fail(lock.status());
  auto fetcher = MakeCurlFetcher(
      std::chrono::milliseconds(static_cast<std::int64_t>(options.timeout_seconds * 1000)),
      fmt::format("trialfinder/{} (registry sync; +https://github.com/trialfinder)",
                  kTrialfinderVersionText));
  SyncOptions& sync = options.sync;
  sync.first_retry_delay = std::chrono::milliseconds(options.retry_delay_ms);
  const auto start = std::chrono::steady_clock::now();
  if (options.progress) {
    sync.on_progress = [&](const SyncProgress& p) { DrawProgress(p, sync.page_size, start); };
  }
  // After each page: the search index catches up, so a running server sees
  // the page within seconds. A failure to index does not stop the sync (the
  // store is the source of truth; serve and ingest catch the index up).
  const std::filesystem::path index_path = IndexPath(options.db);
  std::string index_problem;
  std::int64_t not_indexed = 0;
  sync.after_page = [&]() -> Status {
    Result<IndexReport> indexed = UpdateIndex(**store, index_path);
    if (!indexed.ok()) {
      index_problem = indexed.status().message();
    } else {
      index_problem.clear();
      not_indexed += static_cast<std::int64_t>(indexed->failures.size());
      PrintIndexFailures(indexed->failures);
    }
    return Status::Ok();
  };
  sync.on_retry = [&](int retry, std::chrono::milliseconds wait, const std::string& why) {
    fmt::print(stderr, "{}retry {} of this page in {:.1f} s: {}\n", options.progress ? "\n" : "",
               retry, static_cast<double>(wait.count()) / 1000, why);
  };
  Result<SyncReport> report = [&] {
    StopOnSignal stop;
    sync.stop_requested = [&stop] { return stop.requested(); };
    return SyncRegistry(**store, *fetcher, sync);
  }();
  if (options.progress) fmt::print(stderr, "\n");
  if (!report.ok()) {
    if (report.status().code() == StatusCode::kInvalidArgument) return Fail(report.status());
    fmt::print(stderr,
               "trialfinder: sync failed: {}\nthe pages before the failure are stored; "
               "'trialfinder sync --db {}' continues from there, from the same upstream\n",
               report.status().message(), options.db);
    return kExitFailure;
  }
  for (const std::string& warning : report->warnings) fmt::print(stderr, "note: {}\n", warning);
  for (const Rejection& rejection : report->counts.rejections) {
    fmt::print(stderr, "rejected {}: {}\n", rejection.location, rejection.message);
  }
  const IngestReport& counts = report->counts;
  const SyncState& state = report->state;
  const double seconds = std::max(report->seconds, 1e-9);
  fmt::print(
      "{} {} {}{}: {} new, {} changed, {} unchanged, {} stale, {} rejected; {} pages, {} "
      "retries{}, "
      "{:.1f} s ({:.0f} studies/s)\n",
      state.phase == SyncState::Phase::kComplete ? "synced" : "stopped part way through a sync of",
      state.upstream, state.since.empty() ? "(everything)" : "(updated since " + state.since + ")",
      report->resumed ? ", continued" : "", counts.new_studies, counts.updated, counts.unchanged,
      counts.stale, counts.rejected, report->pages, report->retries,
      report->restarts > 0
          ? fmt::format(", {} restarts after expired page tokens", report->restarts)
          : "",
      report->seconds, static_cast<double>(counts.records()) / seconds);
  if (!index_problem.empty()) {
    fmt::print(stderr,
               "search index not updated: {} (serve or the next ingest or sync catches it up)\n",
               index_problem);
  }
  if (report->stopped) {
    fmt::print(stderr, "'trialfinder sync --db {}' continues from page {}\n", options.db,
               state.pages + 1);
  }
  return counts.rejected > 0 || not_indexed > 0 || !index_problem.empty() ? kExitPartial : 0;
}

// Whether a sync holds the store's lock now.
bool SyncRunning(const std::filesystem::path& db) {
  const int fd = open((db / "sync.lock").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = flock(fd, LOCK_SH | LOCK_NB) != 0;
  close(fd);
  return held;
}

}  // namespace

void PrintSyncState(const StudyStore& store, const std::filesystem::path& db) {
  Result<std::optional<SyncState>> state = LoadSyncState(store);
  if (!state.ok()) {
    fmt::print("\nLast sync: {}\n", state.status().message());
    return;
  }
  if (!state->has_value()) return;
  const SyncState& s = **state;
  fmt::print("\nLast sync\n");
  fmt::print("  {:<28}{}\n", "from", s.upstream);
  const bool interrupted = s.phase == SyncState::Phase::kRunning && !SyncRunning(db);
  fmt::print("  {:<28}{}\n", "state",
             interrupted ? fmt::format("interrupted: no sync is running; 'trialfinder sync --db "
                                       "{}' continues it",
                                       db.string())
                         : std::string(SyncPhaseName(s.phase)));
  fmt::print("  {:<28}{}\n", "started", s.started_at);
  if (!s.finished_at.empty()) fmt::print("  {:<28}{}\n", "finished", s.finished_at);
  fmt::print("  {:<28}{}\n", "asked for",
             s.since.empty() ? "everything" : "updated since " + s.since);
  fmt::print("  {:<28}{} pages{}, last update date reached {}\n", "got as far as", s.pages,
             s.total >= 0 ? fmt::format(" ({} studies upstream)", s.total) : "",
             s.last_date_reached.empty() ? "-" : s.last_date_reached);
  fmt::print("  {:<28}{} new, {} changed, {} unchanged, {} stale, {} rejected\n", "studies",
             s.counts.new_studies, s.counts.updated, s.counts.unchanged, s.counts.stale,
             s.counts.rejected);
  if (!s.last_error.empty()) fmt::print("  {:<28}{}\n", "error", s.last_error);
  if (s.phase != SyncState::Phase::kComplete) {
    fmt::print("  {:<28}{}\n", "last complete sync",
               s.last_success_finished_at.empty() ? "none" : s.last_success_finished_at);
  }
}

nlohmann::ordered_json SyncStateJson(const StudyStore& store, const std::filesystem::path& db) {
  Result<std::optional<SyncState>> state = LoadSyncState(store);
  if (!state.ok()) return {{"error", state.status().message()}};
  if (!state->has_value()) return nullptr;
  const SyncState& s = **state;
  return {
      {"upstream", s.upstream},
      {"state", s.phase == SyncState::Phase::kRunning && !SyncRunning(db) ? "interrupted"
                                                                          : SyncPhaseName(s.phase)},
      {"since", s.since},
      {"startedAt", s.started_at},
      {"updatedAt", s.updated_at},
      {"finishedAt", s.finished_at},
      {"pages", s.pages},
      {"upstreamTotal", s.total},
      {"lastDateReached", s.last_date_reached},
      {"studies",
       {{"new", s.counts.new_studies},
        {"changed", s.counts.updated},
        {"unchanged", s.counts.unchanged},
        {"stale", s.counts.stale},
        {"rejected", s.counts.rejected}}},
      {"error", s.last_error},
      {"lastCompleteSync", s.last_success_finished_at}};
}

void RegisterSyncCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<SyncCommandOptions>();
  CLI::App* sync = app.add_subcommand(
      "sync",
      "Bring the store up to date from a ClinicalTrials.gov API v2 endpoint (resumable; "
      "the first run loads everything)");
  sync->add_option("--db", options->db, "Database directory")->required();
  sync->add_option("--from", options->sync.upstream,
                   "API v2 base URL (default: the one this store last synced from, else "
                   "https://clinicaltrials.gov/api/v2)");
  sync->add_option("--since", options->sync.since,
                   "Ask for studies updated on or after this date (YYYY-MM-DD) instead of "
                   "since the last sync");
  sync->add_flag("--full", options->sync.full, "Load everything, not only what changed");
  sync->add_option("--page-size", options->sync.page_size, "Studies a page")
      ->check(CLI::Range(1, 1000))
      ->default_val(1000);
  sync->add_option("--rate", options->sync.requests_per_minute,
                   "At most this many requests a minute (0: no limit)")
      ->check(CLI::Range(0.0, 100000.0))
      ->default_val(20);
  sync->add_option("--max-attempts", options->sync.max_attempts,
                   "Attempts per page before giving up")
      ->check(CLI::Range(1, 100))
      ->default_val(8);
  sync->add_option("--retry-delay-ms", options->retry_delay_ms,
                   "First retry's delay; it doubles each time (with jitter)")
      ->check(CLI::Range(0, 600000))
      ->default_val(2000);
  sync->add_option("--timeout", options->timeout_seconds, "Seconds a request may take")
      ->check(CLI::Range(0.1, 3600.0))
      ->default_val(120);
  sync->add_option("--max-pages", options->sync.max_pages,
                   "Stop after this many pages (the next sync continues; 0: no limit)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40));
  sync->add_flag("--progress,!--no-progress", options->progress,
                 "Draw a progress bar on stderr (default: when stderr is a terminal)");
  registry.Add(sync, [options] { return RunSync(*options); });
}

}  // namespace trialfinder::cli
