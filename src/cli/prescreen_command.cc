// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// `trialfinder prescreen`: one trial against many patients (NDJSON:
// trialfinder JSON or FHIR Bundles), one result line per patient, streamed.

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "trialfinder/index.h"
#include "trialfinder/match.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder::cli {
namespace {

struct PrescreenOptions {
  std::string db;
  std::string nct_id;
  std::string patients;
  bool csv = false;
};

int RunPrescreen(const PrescreenOptions& options) {
  Result<std::unique_ptr<StudyStore>> store =
      StudyStore::Open(options.db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  std::string nct_id = options.nct_id;
  std::transform(nct_id.begin(), nct_id.end(), nct_id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  Result<std::optional<Study>> study = (*store)->GetStudy(nct_id);
  if (study.ok() && !study->has_value() && !CanonicalNctId(nct_id).empty()) {
    nct_id = CanonicalNctId(nct_id);  // NCT4000165 is NCT04000165
    study = (*store)->GetStudy(nct_id);
  }
  if (!study.ok()) return Fail(study.status());
  if (!study->has_value()) return Fail(Status::NotFound("no study " + nct_id + " in the store"));
  Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(IndexPath(options.db));
  if (!index.ok()) return Fail(index.status());
  Result<CriteriaLexicon> lexicon = RegistryLexicon(**index);
  if (!lexicon.ok()) return Fail(lexicon.status());
  std::ifstream in(options.patients, std::ios::binary);
  if (!in) return Fail(Status::IoError("cannot read " + options.patients));
  in.seekg(0, std::ios::end);
  const double total_bytes = std::max<double>(static_cast<double>(in.tellg()), 1);
  in.seekg(0);

  const Prescreener prescreener(**study, *lexicon);
  const auto today = std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  const bool progress = isatty(STDERR_FILENO) != 0;
  if (options.csv) std::cout << Prescreener::CsvHeader();
  std::size_t number = 0;
  std::size_t errors = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const Prescreener::Line result = prescreener.JudgeLine(line, number, today);
    if (!result.read) ++errors;
    std::cout << (options.csv ? Prescreener::CsvRow(result.json) : result.json + "\n");
    if (progress && number % 100 == 0) {
      fmt::print(stderr, "\r{:5.1f} %  {} patients",
                 100.0 * static_cast<double>(in.tellg()) / total_bytes, number);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (progress) fmt::print(stderr, "\r");
  fmt::print(stderr, "{} patient lines against {} in {:.1f} s; {} could not be read\n", number,
             nct_id, seconds, errors);
  return errors > 0 ? 3 : 0;
}

}  // namespace

void RegisterPrescreenCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<PrescreenOptions>();
  CLI::App* command = app.add_subcommand(
      "prescreen", "One trial against many patients (NDJSON of patient JSON or FHIR Bundles)");
  command->add_option("--db", options->db, "Database directory")->required();
  command->add_option("nct_id", options->nct_id, "The trial's NCT ID")->required();
  command->add_option("--patients", options->patients, "Patients, one per line (NDJSON)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_flag("--csv", options->csv, "Print CSV instead of one JSON line per patient");
  registry.Add(command, [options] { return RunPrescreen(*options); });
}

}  // namespace trialfinder::cli
