// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/evaluation.h"

#include <fmt/format.h>
#include <xapian.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "text/words.h"
#include "trialfinder/criteria.h"
#include "trialfinder/index.h"
#include "trialfinder/match.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using nlohmann::json;

// Calls `each(object, line_number)` for every JSON line of `path`.
template <typename Each>
Status ForEachJsonLine(const std::filesystem::path& path, Each each) {
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read " + path.string());
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json object = json::parse(line, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
      return Status::InvalidArgument(path.string() + " line " + std::to_string(number) +
                                     ": not a JSON object");
    }
    Status status = each(object, number);
    if (!status.ok()) return status.WithContext(path.string() + " line " + std::to_string(number));
  }
  return Status::Ok();
}

std::string StringField(const json& object, const char* name) {
  auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

struct PoolTrial {
  std::string nct_id;
  std::string title;
  std::string summary;
  std::string sex;
  std::string minimum_age;
  std::string maximum_age;
};

Result<std::vector<PoolTrial>> ReadTrials(const std::filesystem::path& path) {
  std::vector<PoolTrial> trials;
  Status status = ForEachJsonLine(path, [&](const json& object, int) {
    PoolTrial trial{StringField(object, "nct_id"),      StringField(object, "title"),
                    StringField(object, "summary"),     StringField(object, "sex"),
                    StringField(object, "minimum_age"), StringField(object, "maximum_age")};
    if (!IsValidNctId(trial.nct_id))
      return Status::InvalidArgument("nct_id '" + trial.nct_id + "' is not an NCT ID");
    trials.push_back(std::move(trial));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return trials;
}

struct EvalPatient {
  std::string id;
  std::string text;
};

Result<std::vector<EvalPatient>> ReadPatients(const std::filesystem::path& path) {
  std::vector<EvalPatient> patients;
  Status status = ForEachJsonLine(path, [&](const json& object, int) {
    EvalPatient patient{StringField(object, "id"), StringField(object, "text")};
    if (patient.id.empty()) return Status::InvalidArgument("missing \"id\"");
    patients.push_back(std::move(patient));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return patients;
}

using Qrels = std::map<std::string, std::map<std::string, int>>;  // patient -> trial -> relevance

Result<Qrels> ReadQrels(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read " + path.string());
  Qrels qrels;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::istringstream fields(line);
    std::string patient, trial, relevance;
    if (!(fields >> patient >> trial >> relevance)) continue;
    if (number == 1 && relevance == "relevance") continue;  // header
    char* end = nullptr;
    const long value = std::strtol(relevance.c_str(), &end, 10);
    if (*end != '\0' || value < 0 || value > 2) {
      return Status::InvalidArgument(path.string() + " line " + std::to_string(number) +
                                     ": relevance '" + relevance + "' is not 0, 1 or 2");
    }
    qrels[patient][trial] = static_cast<int>(value);
  }
  return qrels;
}

// The pool trial as an API v2 record ("Both" -> ALL, "N/A" -> no bound).
std::string PoolTrialJson(const PoolTrial& trial) {
  json eligibility = json::object();
  const std::string sex = trial.sex == "Female" ? "FEMALE" : trial.sex == "Male" ? "MALE" : "ALL";
  eligibility["sex"] = sex;
  for (const auto& [field, value] :
       {std::pair{"minimumAge", trial.minimum_age}, std::pair{"maximumAge", trial.maximum_age}}) {
    Result<std::optional<Age>> age = ParseAge(value);
    if (age.ok() && age->has_value()) eligibility[field] = value;
  }
  json record = {{"protocolSection",
                  {{"identificationModule", {{"nctId", trial.nct_id}, {"briefTitle", trial.title}}},
                   {"descriptionModule", {{"briefSummary", trial.summary}}},
                   {"eligibilityModule", eligibility}}}};
  return record.dump();
}

RankingMetrics Score(const std::map<std::string, std::vector<std::string>>& rankings,
                     const Qrels& qrels) {
  RankingMetrics metrics;
  for (const auto& [patient, ranking] : rankings) {
    auto judged = qrels.find(patient);
    if (judged == qrels.end()) continue;
    std::vector<int> ideal;
    for (const auto& [trial, relevance] : judged->second) ideal.push_back(relevance);
    std::sort(ideal.rbegin(), ideal.rend());
    double dcg = 0;
    double idcg = 0;
    int highly_relevant = 0;
    for (std::size_t rank = 0; rank < 10; ++rank) {
      const double discount = 1.0 / std::log2(static_cast<double>(rank) + 2);
      if (rank < ranking.size()) {
        auto relevance = judged->second.find(ranking[rank]);
        const int gain = relevance == judged->second.end() ? 0 : relevance->second;
        dcg += gain * discount;
        highly_relevant += gain == 2 ? 1 : 0;
      }
      if (rank < ideal.size()) idcg += ideal[rank] * discount;
    }
    metrics.ndcg_at_10 += idcg > 0 ? dcg / idcg : 0;
    metrics.precision_at_10 += highly_relevant / 10.0;
    ++metrics.patients;
  }
  if (metrics.patients > 0) {
    metrics.ndcg_at_10 /= metrics.patients;
    metrics.precision_at_10 /= metrics.patients;
  }
  return metrics;
}

// Plain BM25 (Xapian's defaults) over title + summary, every word of the
// note ORed: the baseline a search engine gives without trialfinder's
// reading of the patient.
std::map<std::string, std::vector<std::string>> BaselineRankings(
    const std::vector<PoolTrial>& trials, const std::vector<EvalPatient>& patients) {
  Xapian::WritableDatabase database(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  for (const PoolTrial& trial : trials) {
    Xapian::Document document;
    generator.set_document(document);
    generator.index_text(trial.title + "\n" + trial.summary);
    document.set_data(trial.nct_id);
    database.add_document(document);
  }
  std::map<std::string, std::vector<std::string>> rankings;
  for (const EvalPatient& patient : patients) {
    std::vector<Xapian::Query> terms;
    for (const Word& word : SplitWords(patient.text)) {
      if (!IsStopword(word.raw)) terms.emplace_back("Z" + word.stemmed);
    }
    Xapian::Enquire enquire(database);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    Xapian::MSet top = enquire.get_mset(0, 10);
    for (auto match = top.begin(); match != top.end(); ++match) {
      rankings[patient.id].push_back(match.get_document().get_data());
    }
  }
  return rankings;
}

Result<std::map<std::string, std::vector<RankedTrial>>> MatcherRankings(
    const std::vector<PoolTrial>& trials, const std::vector<EvalPatient>& patients,
    const std::filesystem::path& directory) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(directory);
  if (!store.ok()) return store.status();
  if (Status begun = (*store)->Begin(); !begun.ok()) return begun;
  for (const PoolTrial& trial : trials) {
    Result<Study> study = ParseStudyJson(PoolTrialJson(trial));
    if (!study.ok()) return study.status().WithContext(trial.nct_id);
    Result<UpsertOutcome> written = (*store)->Upsert(*study, "trials pool");
    if (!written.ok()) return written.status();
  }
  if (Status committed = (*store)->Commit(); !committed.ok()) return committed;
  Result<IndexReport> indexed = RebuildIndex(**store, IndexPath(directory));
  if (!indexed.ok()) return indexed.status();
  Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(IndexPath(directory));
  if (!index.ok()) return index.status();

  Result<CriteriaLexicon> lexicon = RegistryLexicon(**index);
  if (!lexicon.ok()) return lexicon.status();
  const CaseReader reader(*lexicon);
  Matcher matcher(**store, **index, *lexicon);
  MatchOptions options;
  options.open_only = false;  // the pool carries no status
  options.limit = 10;
  options.candidates = 1000;
  std::map<std::string, std::vector<RankedTrial>> rankings;
  for (const EvalPatient& eval_patient : patients) {
    Patient patient;
    reader.Read(eval_patient.text, patient);
    Result<MatchResult> result = matcher.Match(patient, options);
    if (!result.ok()) return result.status().WithContext("patient " + eval_patient.id);
    for (const TrialMatch& trial : result->trials)
      rankings[eval_patient.id].push_back({trial.nct_id, trial.score});
  }
  return rankings;
}

const char* LabelFor(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMet:
      return "included";
    case Verdict::kNotMet:
      return "not included";
    case Verdict::kApplies:
      return "excluded";
    case Verdict::kDoesNotApply:
      return "not excluded";
    case Verdict::kNotApplicable:
      return "not applicable";
    case Verdict::kUnknown:
      return "not enough information";
  }
  return "not enough information";
}

}  // namespace

Result<RankingEvaluation> EvaluateRanking(const std::filesystem::path& trials_path,
                                          const std::filesystem::path& patients_path,
                                          const std::filesystem::path& qrels_path,
                                          const std::filesystem::path& work_directory) {
  Result<std::vector<PoolTrial>> trials = ReadTrials(trials_path);
  if (!trials.ok()) return trials.status();
  Result<std::vector<EvalPatient>> patients = ReadPatients(patients_path);
  if (!patients.ok()) return patients.status();
  Result<Qrels> qrels = ReadQrels(qrels_path);
  if (!qrels.ok()) return qrels.status();
  std::error_code error;
  if (std::filesystem::exists(work_directory) &&
      !std::filesystem::is_empty(work_directory, error)) {
    return Status::InvalidArgument("work directory " + work_directory.string() + " is not empty");
  }
  std::filesystem::create_directories(work_directory, error);
  Result<std::map<std::string, std::vector<RankedTrial>>> ours =
      MatcherRankings(*trials, *patients, work_directory);
  if (!ours.ok()) return ours.status();
  std::map<std::string, std::vector<std::string>> ids;
  for (const auto& [patient, ranked] : *ours) {
    for (const RankedTrial& trial : ranked) ids[patient].push_back(trial.nct_id);
  }
  RankingEvaluation evaluation;
  evaluation.trials = static_cast<int>(trials->size());
  evaluation.trialfinder = Score(ids, *qrels);
  evaluation.run = std::move(*ours);
  evaluation.baseline = Score(BaselineRankings(*trials, *patients), *qrels);
  return evaluation;
}

std::string TrecRun(const RankingEvaluation& evaluation, const std::string& tag) {
  std::string out;
  for (const auto& [patient, ranked] : evaluation.run) {
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      out += fmt::format("{} Q0 {} {} {:.6f} {}\n", patient, ranked[i].nct_id, i + 1,
                         ranked[i].score, tag);
    }
  }
  return out;
}

std::string PredictCriterionLabel(const std::string& note, bool inclusion,
                                  const std::string& criterion_text) {
  return PredictCriterion(note, inclusion, criterion_text).label;
}

CriterionLabelPrediction PredictCriterion(const std::string& note, bool inclusion,
                                          const std::string& criterion_text) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read(note, patient);
  ParsedCriteria parsed;
  Criterion criterion;
  criterion.section = inclusion ? CriterionSection::kInclusion : CriterionSection::kExclusion;
  criterion.text = criterion_text;
  criterion.constraints = ExtractConstraints(criterion_text, lexicon);
  criterion.drugs = lexicon.FindDrugs(criterion_text);  // as EligibilityParser does
  parsed.criteria.push_back(std::move(criterion));
  const TrialMatch match = EligibilityJudge(patient).Judge(Study{}, parsed);
  for (const CriterionVerdict& verdict : match.criteria) {
    if (verdict.criterion_id != 0) continue;
    std::string label = LabelFor(verdict.verdict);
    // An inclusion judged as the exclusion it states ("pregnant women are
    // excluded"): labelled as the inclusion it was written as.
    if (inclusion && verdict.section == CriterionSection::kExclusion) {
      if (verdict.verdict == Verdict::kApplies) label = "not included";
      if (verdict.verdict == Verdict::kDoesNotApply) label = "included";
    }
    return {label, (verdict.assumed ? "assumed: " : "") + verdict.evidence};
  }
  return {"not enough information", "no verdict"};
}

Result<CriteriaEvaluation> EvaluateCriteria(const std::filesystem::path& labels_path) {
  static const std::vector<std::string> kClasses = {
      "included",     "not included",           "excluded",
      "not excluded", "not enough information", "not applicable"};
  std::map<std::string, ClassMetrics> classes;
  for (const std::string& name : kClasses) classes[name].name = name;
  CriteriaEvaluation evaluation;
  int correct = 0;
  std::map<std::string, int> correct_by_class;
  Status status = ForEachJsonLine(labels_path, [&](const json& object, int) {
    const std::string expected = StringField(object, "expert_eligibility");
    const std::string type = StringField(object, "criterion_type");
    if (!classes.count(expected))
      return Status::InvalidArgument("expert_eligibility '" + expected +
                                     "' is not one of the six classes");
    if (type != "inclusion" && type != "exclusion")
      return Status::InvalidArgument("criterion_type '" + type + "'");
    const CriterionLabelPrediction prediction = PredictCriterion(
        StringField(object, "note"), type == "inclusion", StringField(object, "criterion_text"));
    const std::string& predicted = prediction.label;
    ++evaluation.labels;
    evaluation.predictions.push_back(
        {StringField(object, "patient_id"), StringField(object, "trial_id"), type,
         StringField(object, "criterion_text"), expected, predicted, prediction.evidence});
    ++classes[expected].support;
    ++classes[predicted].predicted;
    if (predicted == expected) {
      ++correct;
      ++correct_by_class[expected];
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (evaluation.labels == 0) return Status::InvalidArgument(labels_path.string() + ": no labels");
  evaluation.accuracy = static_cast<double>(correct) / evaluation.labels;
  for (const std::string& name : kClasses) {
    ClassMetrics& metrics = classes[name];
    metrics.precision =
        metrics.predicted ? static_cast<double>(correct_by_class[name]) / metrics.predicted : 0;
    metrics.recall =
        metrics.support ? static_cast<double>(correct_by_class[name]) / metrics.support : 0;
    if (metrics.support > 0 && (evaluation.majority_class.empty() ||
                                metrics.support > classes[evaluation.majority_class].support)) {
      evaluation.majority_class = name;
    }
    evaluation.classes.push_back(metrics);
  }
  evaluation.majority_accuracy =
      static_cast<double>(classes[evaluation.majority_class].support) / evaluation.labels;
  return evaluation;
}

}  // namespace trialfinder
