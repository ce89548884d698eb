// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// `trialfinder ingest`, `show` and `stats`.

#include <unistd.h>

#include <fmt/core.h>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "trialfinder/index.h"
#include "trialfinder/ingester.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder::cli {

int Fail(const Status& status) {
  fmt::print(stderr, "trialfinder: {}\n", status.message());
  return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kNotFound
             ? kExitBadInput
             : kExitFailure;
}

void PrintIndexFailures(const std::vector<IndexFailure>& failures, std::size_t most) {
  for (std::size_t i = 0; i < failures.size() && i < most; ++i) {
    fmt::print(stderr, "not indexed {}: {}\n", failures[i].nct_id, failures[i].problem);
  }
  if (failures.size() > most) {
    fmt::print(stderr, "... and {} more studies not indexed\n", failures.size() - most);
  }
}

namespace {

// A one-line progress bar on stderr, redrawn in place.
class ProgressBar {
 public:
  void Draw(const IngestProgress& progress) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double megabytes = static_cast<double>(progress.input_bytes_done) / 1e6;
    const double fraction =
        progress.input_bytes_total == 0
            ? 0
            : std::min(1.0, static_cast<double>(progress.input_bytes_done) /
                                static_cast<double>(progress.input_bytes_total));
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    fmt::print(stderr, "\r[{}{}] {:3.0f}%  {} records  {:.1f} MB  {:.0f} records/s ",
               std::string(filled, '#'), std::string(kWidth - filled, ' '), fraction * 100,
               progress.records, megabytes, seconds > 0 ? progress.records / seconds : 0.0);
    std::fflush(stderr);
  }
  void Finish() { fmt::print(stderr, "\n"); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

int RunIngest(const std::string& db, const std::vector<std::string>& inputs, bool progress_bar,
              std::size_t batch_size, std::size_t max_record_mib) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db);
  if (!store.ok()) return Fail(store.status());
  std::vector<std::filesystem::path> paths(inputs.begin(), inputs.end());
  IngestOptions options;
  options.batch_size = batch_size;
  options.limits.max_bytes = max_record_mib * 1024 * 1024;
  ProgressBar bar;
  if (progress_bar) options.on_progress = [&bar](const IngestProgress& p) { bar.Draw(p); };
  Result<IngestReport> report = IngestPaths(**store, paths, options);
  if (progress_bar) bar.Finish();
  if (!report.ok()) return Fail(report.status());
  // The index is derived from the store: bring it up to date.
  Result<IndexReport> indexed = UpdateIndex(**store, IndexPath(db));
  if (!indexed.ok()) return Fail(indexed.status());
  for (const Rejection& rejection : report->rejections) {
    fmt::print(stderr, "rejected {}: {}\n", rejection.location, rejection.message);
  }
  if (report->rejected > static_cast<std::int64_t>(report->rejections.size())) {
    fmt::print(stderr, "... and {} more rejected records\n",
               report->rejected - static_cast<std::int64_t>(report->rejections.size()));
  }
  const double seconds = std::max(report->seconds, 1e-9);
  fmt::print(
      "ingested {} records in {:.2f} s ({:.0f} studies/s, {:.1f} MB/s): {} new, {} updated, "
      "{} unchanged, {} stale, {} rejected\n",
      report->records(), report->seconds, report->records() / seconds,
      static_cast<double>(report->bytes) / 1e6 / seconds, report->new_studies, report->updated,
      report->unchanged, report->stale, report->rejected);
  PrintIndexFailures(indexed->failures);
  fmt::print("search index: {} studies indexed in {:.2f} s{}\n", indexed->indexed, indexed->seconds,
             indexed->failures.empty()
                 ? ""
                 : fmt::format(", {} left out (stored; see above)", indexed->failures.size()));
  return report->rejected > 0 || !indexed->failures.empty() ? kExitPartial : 0;
}

std::string JoinList(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

void PrintSummary(const Study& study, const StoredStudy& stored) {
  const ProtocolSection& p = study.protocol;
  fmt::print("{}  {}\n", study.nct_id(), p.identification.brief_title);
  auto line = [](std::string_view label, const std::string& value) {
    if (!value.empty()) fmt::print("  {:<16}{}\n", label, value);
  };
  line("Status", p.status.overall_status);
  line("Phase", JoinList(p.design.phases));
  line("Study type", p.design.study_type);
  if (p.design.enrollment_info.count) {
    line("Enrollment",
         fmt::format("{} ({})", *p.design.enrollment_info.count, p.design.enrollment_info.type));
  }
  line("Conditions", JoinList(p.conditions.conditions));
  std::vector<std::string> interventions;
  for (const Intervention& intervention : p.arms_interventions.interventions) {
    interventions.push_back(intervention.type + ": " + intervention.name);
  }
  line("Interventions", JoinList(interventions, "; "));
  const EligibilityModule& e = p.eligibility;
  const std::string ages = (e.minimum_age ? e.minimum_age->text : "no minimum") + " to " +
                           (e.maximum_age ? e.maximum_age->text : "no maximum");
  line("Ages", ages);
  line("Sex", e.sex);
  line("Sponsor", p.sponsor_collaborators.lead_sponsor.name);
  line("Start", p.status.start_date.date);
  line("Last update", p.status.last_update_post_date.date);
  line("Sites", std::to_string(p.contacts_locations.locations.size()));
  line("Stored",
       fmt::format("version {}, {}, from {}", stored.version, stored.ingested_at, stored.source));
}

int RunShow(const std::string& db, const std::string& nct_id, bool json, bool history) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<std::optional<StoredStudy>> stored = (*store)->Get(nct_id);
  if (!stored.ok()) return Fail(stored.status());
  if (!stored->has_value()) return Fail(Status::NotFound("no study " + nct_id + " in " + db));
  if (json) {
    // The record byte for byte as ingested, in API v2 shape.
    fmt::print("{}\n", (*stored)->raw_json);
  } else {
    Result<Study> study = ParseStudyJson((*stored)->raw_json);
    if (!study.ok()) return Fail(study.status().WithContext("stored record " + nct_id));
    PrintSummary(*study, **stored);
  }
  if (history) {
    Result<std::vector<StudyVersion>> versions = (*store)->History(nct_id);
    if (!versions.ok()) return Fail(versions.status());
    for (const StudyVersion& version : *versions) {
      fmt::print(stderr, "version {}: last update {}, ingested {}, replaced {}\n", version.version,
                 version.last_update_post_date, version.ingested_at, version.superseded_at);
    }
  }
  return 0;
}

int RunStats(const std::string& db, bool json) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<StoreStats> stats = (*store)->Stats();
  if (!stats.ok()) return Fail(stats.status());
  if (json) {
    nlohmann::ordered_json out = {{"studies", stats->studies},
                                  {"historyVersions", stats->history_versions}};
    for (auto [name, counts] : {std::pair{"byStatus", &stats->by_status},
                                {"byPhase", &stats->by_phase},
                                {"byStudyType", &stats->by_study_type}}) {
      out[name] = nlohmann::ordered_json::object();
      for (const auto& [value, count] : *counts) out[name][value] = count;
    }
    out["lastSync"] = SyncStateJson(**store, db);
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("{} studies ({} earlier versions kept)\n", stats->studies, stats->history_versions);
  for (auto [title, counts] : {std::pair{"By status", &stats->by_status},
                               {"By phase", &stats->by_phase},
                               {"By study type", &stats->by_study_type}}) {
    fmt::print("\n{}\n", title);
    for (const auto& [value, count] : *counts) fmt::print("  {:<28}{:>8}\n", value, count);
  }
  PrintSyncState(**store, db);
  return 0;
}

// Exit 0 when the store is consistent (the index may lag: ingest or serve
// catch it up), kExitFailure when a problem was found.
int RunVerify(const std::string& db, bool json) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<StoreVerification> verification = (*store)->Verify();
  if (!verification.ok()) return Fail(verification.status());
  Result<IndexState> index = ReadIndexState(IndexPath(db));
  const std::int64_t behind =
      index.ok() ? verification->last_change_sequence - index->store_sequence : -1;
  if (json) {
    nlohmann::ordered_json out = {{"studies", verification->studies},
                                  {"historyVersions", verification->history_versions},
                                  {"lastChangeSequence", verification->last_change_sequence},
                                  {"problems", verification->problems},
                                  {"consistent", verification->problems.empty()}};
    if (index.ok()) {
      nlohmann::ordered_json failures = nlohmann::ordered_json::array();
      for (const IndexFailure& failure : index->failures)
        failures.push_back({{"nctId", failure.nct_id}, {"problem", failure.problem}});
      out["index"] = {{"documents", index->documents},
                      {"storeSequence", index->store_sequence},
                      {"changesBehind", behind},
                      {"notIndexed", failures},
                      {"notIndexedUnlisted", index->failures_not_listed}};
    } else {
      out["index"] = {{"error", index.status().message()}};
    }
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("{} studies, {} earlier versions: {}\n", verification->studies,
               verification->history_versions,
               verification->problems.empty() ? "consistent" : "PROBLEMS FOUND");
    for (const std::string& problem : verification->problems) fmt::print("  {}\n", problem);
    if (index.ok()) {
      fmt::print(
          "search index: {} documents, {}\n", index->documents,
          behind <= 0
              ? std::string("up to date")
              : fmt::format("{} changes behind the store (ingest or serve catches up)", behind));
      const std::int64_t left_out =
          static_cast<std::int64_t>(index->failures.size()) + index->failures_not_listed;
      if (left_out > 0) {
        fmt::print("search index: PROBLEMS FOUND: {} stored studies could not be indexed\n",
                   left_out);
        for (const IndexFailure& failure : index->failures)
          fmt::print("  {}: {}\n", failure.nct_id, failure.problem);
      }
    } else {
      fmt::print("search index: {}\n", index.status().message());
    }
  }
  const bool index_failed =
      index.ok() && (!index->failures.empty() || index->failures_not_listed > 0);
  return verification->problems.empty() && !index_failed ? 0 : kExitFailure;
}

}  // namespace

void RegisterStoreCommands(CLI::App& app, CommandRegistry& registry) {
  struct Options {
    std::string db;
    std::vector<std::string> inputs;
    std::string nct_id;
    bool json = false;
    bool history = false;
    bool progress = isatty(STDERR_FILENO) != 0;
    std::size_t batch_size = 500;
    std::size_t max_record_mib = 16;
  };
  auto options = std::make_shared<Options>();

  CLI::App* ingest = app.add_subcommand(
      "ingest", "Ingest API v2 JSON (object, array, JSONL, zip) or legacy XML files or folders");
  ingest->add_option("--db", options->db, "Database directory")->required();
  ingest->add_option("paths", options->inputs, "Files or directories")->required();
  ingest->add_flag("--progress,!--no-progress", options->progress,
                   "Draw a progress bar on stderr (default: when stderr is a terminal)");
  ingest->add_option("--batch-size", options->batch_size, "Records per transaction")
      ->check(CLI::Range(1, 100000));
  ingest
      ->add_option("--max-record-mib", options->max_record_mib,
                   "Reject records larger than this many MiB")
      ->check(CLI::Range(1, 1024));
  registry.Add(ingest, [options] {
    return RunIngest(options->db, options->inputs, options->progress, options->batch_size,
                     options->max_record_mib);
  });

  CLI::App* show = app.add_subcommand("show", "Show one study");
  show->add_option("--db", options->db, "Database directory")->required();
  show->add_option("nct_id", options->nct_id, "NCT ID, e.g. NCT07038447")->required();
  show->add_flag("--json", options->json, "Print the record in API v2 JSON");
  show->add_flag("--history", options->history, "Also list earlier versions (on stderr)");
  registry.Add(show, [options] {
    return RunShow(options->db, options->nct_id, options->json, options->history);
  });

  CLI::App* stats = app.add_subcommand("stats", "Count studies by status, phase and type");
  stats->add_option("--db", options->db, "Database directory")->required();
  stats->add_flag("--json", options->json, "Print JSON");
  registry.Add(stats, [options] { return RunStats(options->db, options->json); });

  CLI::App* verify = app.add_subcommand(
      "verify",
      "Check the store record by record (exit 1 on a problem) and how far the index lags");
  verify->add_option("--db", options->db, "Database directory")->required();
  verify->add_flag("--json", options->json, "Print JSON");
  registry.Add(verify, [options] { return RunVerify(options->db, options->json); });
}

}  // namespace trialfinder::cli
