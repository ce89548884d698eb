// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// `trialfinder match`: a patient against the stored trials. `trialfinder
// eval rank|criteria`: matching measured against expert judgments.

#include <fmt/core.h>
#include <algorithm>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "trialfinder/evaluation.h"
#include "trialfinder/index.h"
#include "trialfinder/match.h"
#include "trialfinder/store.h"

namespace trialfinder::cli {
namespace {

struct MatchCommandOptions {
  std::string db;
  std::string patient_file;
  bool json = false;
  std::size_t limit = 10;
  std::vector<std::string> filters;  // name=value, as the API's search parameters
  std::vector<std::string> answers;  // key=yes|no
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A patient file is trialfinder's JSON (see patient.h), a FHIR R4 Bundle
// (what was not understood is listed on stderr), or, when it does not
// start with "{", a free-text case description.
Result<Patient> ReadPatient(const std::string& path, const CaseReader& reader) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  const std::size_t first = text->find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return Status::InvalidArgument(path +
                                   ": the patient file is empty; give JSON or a description");
  }
  if ((*text)[first] == '{' && LooksLikeFhir(*text)) {
    const auto today = std::chrono::year_month_day(
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    Result<FhirPatient> fhir = ParseFhirPatientBundle(*text, today);
    if (!fhir.ok()) return fhir.status().WithContext(path);
    for (const std::string& note : fhir->not_understood) {
      std::cerr << path << ": not understood, left out: " << note << "\n";
    }
    return std::move(fhir->patient);
  }
  if ((*text)[first] == '{') {
    Result<Patient> patient = ParsePatientJson(*text, reader);
    if (!patient.ok()) return patient.status().WithContext(path);
    for (const std::string& note : UnknownLabUnits(*patient)) {
      std::cerr << path << ": not understood, left out: " << note << "\n";
    }
    return patient;
  }
  Patient patient;
  reader.Read(*text, patient);
  return patient;
}

Status ApplyOptions(const MatchCommandOptions& options, Patient& patient, MatchOptions& match) {
  for (const std::string& answer : options.answers) {
    Status applied = ApplyAnswerText(answer, patient);
    if (!applied.ok()) return applied.WithContext("--answer");
  }
  std::vector<std::pair<std::string, std::string>> parameters;
  for (const std::string& filter : options.filters) {
    const std::size_t equals = filter.find('=');
    if (equals == std::string::npos)
      return Status::InvalidArgument("--filter '" + filter + "': use NAME=VALUE");
    parameters.emplace_back(filter.substr(0, equals), filter.substr(equals + 1));
  }
  Result<SearchQuery> query = ParseSearchParameters(parameters);
  if (!query.ok()) return query.status();
  match.filters = *query;
  match.limit = options.limit;
  return Status::Ok();
}

void PrintMatches(const MatchResult& result) {
  for (const TrialMatch& trial : result.trials) {
    fmt::print("{}  {}  [{}]  relevance {:.2f}\n  {}\n", trial.nct_id,
               EligibilityStatusName(trial.status),
               trial.overall_status.empty() ? "status not given" : trial.overall_status,
               trial.relevance, trial.title);
    if (!trial.cohort.empty()) fmt::print("  judged for: {}\n", trial.cohort);
    for (const CriterionVerdict& v : trial.criteria) {
      if (v.verdict == Verdict::kNotApplicable && !v.cohort.empty() && v.cohort != trial.cohort)
        continue;
      std::string text = v.text.size() > 90 ? v.text.substr(0, 87) + "..." : v.text;
      fmt::print("    {:<9} {:<15} {}\n", SectionName(v.section),
                 VerdictName(v.verdict) + std::string(v.assumed ? "*" : ""), text);
      if (!v.evidence.empty())
        fmt::print("    {:<25} <- {}\n", "",
                   v.evidence.size() > 100 ? v.evidence.substr(0, 97) + "..." : v.evidence);
    }
    fmt::print("\n");
  }
  fmt::print("(* assumed: the record does not mention it)\n");
  if (result.next_question) {
    fmt::print("next question: {}  (--answer {}=yes|no)\n", result.next_question->text,
               result.next_question->key);
  }
}

int RunMatch(const MatchCommandOptions& options) {
  Result<std::unique_ptr<StudyStore>> store =
      StudyStore::Open(options.db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(IndexPath(options.db));
  if (!index.ok()) return Fail(index.status());
  Result<CriteriaLexicon> lexicon = RegistryLexicon(**index);
  if (!lexicon.ok()) return Fail(lexicon.status());
  const CaseReader reader(*lexicon);
  Result<Patient> patient = ReadPatient(options.patient_file, reader);
  if (!patient.ok()) return Fail(patient.status());
  MatchOptions match_options;
  if (Status applied = ApplyOptions(options, *patient, match_options); !applied.ok())
    return Fail(applied);
  Matcher matcher(**store, **index, *lexicon);
  Result<MatchResult> result = matcher.Match(*patient, match_options);
  if (!result.ok()) return Fail(result.status());
  if (options.json) {
    fmt::print("{}\n", MatchResultToJson(*result, *patient, 2));
  } else {
    PrintMatches(*result);
  }
  return 0;
}

int RunEvalRank(const std::string& trials, const std::string& patients, const std::string& qrels,
                const std::string& run_file) {
  std::error_code error;
  const std::filesystem::path work =
      std::filesystem::temp_directory_path() /
      fmt::format("trialfinder-eval-{}-{}", ::getpid(),
                  std::chrono::steady_clock::now().time_since_epoch().count());
  Result<RankingEvaluation> evaluation = EvaluateRanking(trials, patients, qrels, work);
  std::filesystem::remove_all(work, error);
  if (!evaluation.ok()) return Fail(evaluation.status());
  const RankingMetrics& ours = evaluation->trialfinder;
  const RankingMetrics& base = evaluation->baseline;
  fmt::print("pool: {} trials, {} patients judged\n", evaluation->trials, ours.patients);
  fmt::print("{:<28}{:>10}{:>10}\n", "", "NDCG@10", "P@10");
  fmt::print("{:<28}{:>10.4f}{:>10.4f}\n", "BM25 title+summary", base.ndcg_at_10,
             base.precision_at_10);
  fmt::print("{:<28}{:>10.4f}{:>10.4f}\n", "trialfinder match", ours.ndcg_at_10,
             ours.precision_at_10);
  fmt::print("relative NDCG@10 gain over BM25: {:+.1f}%\n",
             base.ndcg_at_10 > 0 ? 100.0 * (ours.ndcg_at_10 / base.ndcg_at_10 - 1) : 0.0);
  if (!run_file.empty()) {
    std::ofstream out(run_file);
    out << TrecRun(*evaluation, "trialfinder");
    if (!out) return Fail(Status::IoError("--run " + run_file + ": cannot write"));
    fmt::print("run file: {}\n", run_file);
  }
  return 0;
}

int RunEvalCriteria(const std::string& labels, const std::string& errors_file,
                    const std::string& predictions_file) {
  Result<CriteriaEvaluation> evaluation = EvaluateCriteria(labels);
  if (!evaluation.ok()) return Fail(evaluation.status());
  fmt::print("{:<26}{:>8}{:>11}{:>11}{:>9}\n", "class", "labels", "predicted", "precision",
             "recall");
  for (const ClassMetrics& c : evaluation->classes) {
    // A class never predicted has no precision (not 0: nothing was wrong).
    const std::string precision = c.predicted ? fmt::format("{:.3f}", c.precision) : "-";
    fmt::print("{:<26}{:>8}{:>11}{:>11}{:>9.3f}\n", c.name, c.support, c.predicted, precision,
               c.recall);
  }
  fmt::print("labels: {}\n", evaluation->labels);
  fmt::print("majority baseline ({}): {:.1f}%\n", evaluation->majority_class,
             100 * evaluation->majority_accuracy);
  fmt::print("accuracy: {:.1f}% ({:+.1f} points over the majority baseline)\n",
             100 * evaluation->accuracy,
             100 * (evaluation->accuracy - evaluation->majority_accuracy));
  for (const auto& [file, option, errors_only] :
       {std::tuple{errors_file, "--errors", true},
        std::tuple{predictions_file, "--predictions", false}}) {
    if (file.empty()) continue;
    std::ofstream out(file);
    out << "patient_id\ttrial_id\ttype\texpected\tpredicted\tcriterion\tevidence\n";
    for (const CriterionPrediction& p : evaluation->predictions) {
      if (errors_only && p.expected == p.predicted) continue;
      const auto one_line = [](std::string text) {
        std::replace_if(
            text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n'; }, ' ');
        return text;
      };
      out << p.patient_id << '\t' << p.trial_id << '\t' << p.criterion_type << '\t' << p.expected
          << '\t' << p.predicted << '\t' << one_line(p.criterion_text) << '\t'
          << one_line(p.evidence) << '\n';
    }
    if (!out) return Fail(Status::IoError(std::string(option) + " " + file + ": cannot write"));
    fmt::print("{}: {}\n", errors_only ? "mispredictions" : "predictions", file);
  }
  return 0;
}

}  // namespace

void RegisterMatchCommands(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<MatchCommandOptions>();
  CLI::App* match =
      app.add_subcommand("match", "Rank the stored trials for a patient, criterion by criterion");
  match->add_option("--db", options->db, "Database directory")->required();
  match
      ->add_option("--patient", options->patient_file,
                   "Patient file: JSON (age, sex, conditions, labs, treatments, ...) or a "
                   "free-text description")
      ->required();
  match->add_flag("--json", options->json, "Print JSON (as POST /api/v2/match)");
  match->add_option("--limit", options->limit, "Trials to show")->check(CLI::Range(1, 1000));
  match->add_option(
      "--filter", options->filters,
      "A search filter, as the API names it: --filter overallStatus=RECRUITING --filter "
      "geo=distance(47.6,-122.3,50mi)");
  match->add_option(
      "--answer", options->answers,
      "An answer to a question asked before: --answer treatment:car-t=no (yes, no or unsure)");
  registry.Add(match, [options] { return RunMatch(*options); });

  struct EvalOptions {
    std::string trials, patients, qrels, labels, run, errors, predictions;
  };
  auto eval_options = std::make_shared<EvalOptions>();
  CLI::App* eval = app.add_subcommand("eval", "Measure matching against expert judgments");
  eval->require_subcommand(1);
  CLI::App* rank =
      eval->add_subcommand("rank", "NDCG@10 and P@10 of trial ranking, against a BM25 baseline");
  rank->add_option("--trials", eval_options->trials, "Trial pool (JSONL)")
      ->required()
      ->check(CLI::ExistingFile);
  rank->add_option("--patients", eval_options->patients, "Patients (JSONL)")
      ->required()
      ->check(CLI::ExistingFile);
  rank->add_option("--qrels", eval_options->qrels, "Judgments (TSV)")
      ->required()
      ->check(CLI::ExistingFile);
  rank->add_option("--run", eval_options->run,
                   "Also write the ranking as a TREC run file (for trec_eval)");
  registry.Add(rank, [eval_options] {
    return RunEvalRank(eval_options->trials, eval_options->patients, eval_options->qrels,
                       eval_options->run);
  });
  CLI::App* criteria = eval->add_subcommand(
      "criteria", "Accuracy of criterion verdicts, against the majority class");
  criteria->add_option("--labels", eval_options->labels, "Criterion labels (JSONL)")
      ->required()
      ->check(CLI::ExistingFile);
  criteria->add_option("--errors", eval_options->errors,
                       "Also write every misprediction as TSV (patient, trial, type, expected, "
                       "predicted, criterion)");
  criteria->add_option("--predictions", eval_options->predictions,
                       "Also write every prediction, right or wrong, in the same TSV form");
  registry.Add(criteria, [eval_options] {
    return RunEvalCriteria(eval_options->labels, eval_options->errors, eval_options->predictions);
  });
}

}  // namespace trialfinder::cli
