// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// `trialfinder criteria`: one study's structured eligibility criteria, or a
// report over the whole store.

#include <fmt/core.h>

#include <map>

#include "cli/commands.h"
#include "trialfinder/criteria.h"
#include "trialfinder/index.h"
#include "trialfinder/match.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder::cli {
namespace {

// The registry's lexicon, from the search index of `db` (RegistryLexicon):
// the same one the server reads criteria with.
Result<CriteriaLexicon> LexiconOf(const std::string& db) {
  Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(IndexPath(db));
  if (!index.ok()) return index.status();
  return RegistryLexicon(**index);
}

int RunCriteria(const std::string& db, const std::string& nct_id, bool json) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<std::optional<Study>> study = (*store)->GetStudy(nct_id);
  if (!study.ok()) return Fail(study.status());
  if (!study->has_value()) return Fail(Status::NotFound("no study " + nct_id + " in " + db));
  Result<CriteriaLexicon> lexicon = LexiconOf(db);
  if (!lexicon.ok()) return Fail(lexicon.status());
  const ParsedCriteria parsed = ParseStudyCriteria(**study, *lexicon);
  if (json) {
    fmt::print("{}\n", ParsedCriteriaToJson(parsed, 2));
    return 0;
  }
  for (const Criterion& criterion : parsed.criteria) {
    fmt::print("{}{} [{}{}{}] {}\n", std::string(criterion.level * 2, ' '),
               criterion.understood() ? "+" : "?", SectionName(criterion.section),
               criterion.cohort.empty() ? "" : ", ", criterion.cohort, criterion.text);
    for (const Constraint& constraint : criterion.constraints) {
      fmt::print("{}    = {}\n", std::string(criterion.level * 2, ' '), constraint.Summary());
    }
  }
  return 0;
}

int RunReport(const std::string& db) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<CriteriaLexicon> lexicon = LexiconOf(db);
  if (!lexicon.ok()) return Fail(lexicon.status());
  std::vector<Study> studies;
  Status visited = (*store)->ForEachChangedSince(0, [&](const StoredStudy& stored) {
    Result<Study> study = ParseStudyJson(stored.raw_json, StoredRecordLimits());
    if (study.ok()) studies.push_back(std::move(study).value());
    return true;
  });
  if (!visited.ok()) return Fail(visited);
  std::int64_t criteria = 0;
  std::int64_t understood = 0;
  std::int64_t with_text = 0;
  std::map<std::string, std::int64_t> by_type;
  for (const Study& study : studies) {
    if (study.protocol.eligibility.eligibility_criteria.empty()) continue;
    ++with_text;
    for (const Criterion& criterion : ParseStudyCriteria(study, *lexicon).criteria) {
      if (criterion.is_heading) continue;
      ++criteria;
      understood += criterion.understood() ? 1 : 0;
      for (const Constraint& constraint : criterion.constraints)
        ++by_type[ToString(constraint.type)];
    }
  }
  fmt::print("studies with criteria text: {}\n", with_text);
  fmt::print("lexicon: {} drug names, {} condition names\n", lexicon->drug_count(),
             lexicon->condition_count());
  fmt::print("criteria: {}\n", criteria);
  fmt::print("with at least one typed constraint: {} ({:.1f}%)\n", understood,
             criteria ? 100.0 * understood / criteria : 0.0);
  fmt::print("\nconstraints by type:\n");
  for (const auto& [type, count] : by_type) fmt::print("  {:<20}{:>8}\n", type, count);
  return 0;
}

}  // namespace

void RegisterCriteriaCommand(CLI::App& app, CommandRegistry& registry) {
  struct Options {
    std::string db;
    std::string nct_id;
    bool json = false;
    bool report = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* criteria =
      app.add_subcommand("criteria", "Structured eligibility criteria of a study, or --report");
  criteria->add_option("--db", options->db, "Database directory")->required();
  criteria->add_option("nct_id", options->nct_id, "NCT ID");
  criteria->add_flag("--json", options->json, "Print JSON");
  criteria->add_flag(
      "--report", options->report,
      "Over all stored studies: share of criteria with a typed constraint, counts per type");
  registry.Add(criteria, [options] {
    if (options->report) return RunReport(options->db);
    if (options->nct_id.empty())
      return Fail(Status::InvalidArgument("give an NCT ID, or --report"));
    return RunCriteria(options->db, options->nct_id, options->json);
  });
}

}  // namespace trialfinder::cli
