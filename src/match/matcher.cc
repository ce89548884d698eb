// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "assets/embedded_assets.h"
#include "text/clinical_text.h"
#include "text/normalize.h"
#include "text/word_list.h"
#include "trialfinder/match.h"
#include "trialfinder/patient.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"
#include "trialfinder/study_schema.h"

namespace trialfinder {

namespace {

constexpr std::size_t kFeedbackStudies = 10;
constexpr std::size_t kFeedbackTerms = 20;
constexpr double kFeedbackWeight = 1.0;

// Words of case narratives that describe the encounter, not the patient's
// problem: "A 58-year-old woman presents to the ER with ...".
bool IsNarrativeWord(const std::string& word) {
  static const WordList kWords(EmbeddedAsset("narrative-words.txt"));
  if (word.empty() || std::isdigit(static_cast<unsigned char>(word[0]))) return true;
  return kWords.Contains(word);
}

std::string WithoutNarrative(const std::string& text) {
  std::string out;
  for (const std::string& word : SplitCriteriaWords(text)) {
    // The "s" of "Alzheimer's" is no word to search for.
    if (!IsNarrativeWord(word) && word != "s") out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

// filter.advanced leaving out every closed status (a record without a
// status stays: it is not known to be closed). Built once.
const std::string& NotClosedFilter() {
  static const std::string kFilter = [] {
    std::string closed;
    for (std::string_view status : schema::kStatuses) {
      if (IsOpenStatus(status)) continue;
      closed += std::string(closed.empty() ? "" : " AND ") + "NOT AREA[OverallStatus]" +
                std::string(status);
    }
    return closed;
  }();
  return kFilter;
}

// Runs fn(i, thread) for every i in [0, n) on `threads` threads (this one
// among them; `thread` in [0, threads) names the one running it), each
// taking the next i. An exception on any thread is turned into an Internal
// status once all have stopped.
template <typename Fn>
Status ParallelFor(std::size_t n, std::size_t threads, Fn fn) {
  threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(n, 1));
  std::atomic<std::size_t> next{0};
  std::mutex failed_lock;
  std::string failed;
  auto work = [&](std::size_t thread) {
    try {
      for (std::size_t i = next++; i < n; i = next++) fn(i, thread);
    } catch (const std::exception& e) {
      next = n;  // the others stop at their next item
      const std::lock_guard<std::mutex> held(failed_lock);
      if (failed.empty()) failed = e.what();
    }
  };
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(threads - 1);
    for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work, t);
    work(0);
  }  // joined
  if (!failed.empty()) return Status::Internal("matching failed: " + failed);
  return Status::Ok();
}

}  // namespace

std::vector<WeightedText> PatientRelevanceTexts(const Patient& patient) {
  std::vector<WeightedText> texts;
  for (const PatientCondition& condition : patient.conditions) {
    if (condition.present) texts.push_back({condition.name, 3.0});
  }
  // A person who says they are healthy looks for studies of healthy
  // volunteers (user test: leukemia trials ranked above them).
  if (patient.healthy) texts.push_back({"healthy volunteers", 3.0});
  const std::string affirmed = WithoutNarrative(
      ClinicalText(patient.description, patient.described_relation).AffirmedText());
  if (!affirmed.empty()) texts.push_back({affirmed, 1.0});
  return texts;
}

Result<MatchResult> Matcher::Match(const Patient& patient, const MatchOptions& options) {
  SearchQuery query = options.filters;
  if (options.open_only && query.overall_status.empty()) {
    const std::string& closed = NotClosedFilter();
    query.advanced = query.advanced.empty() ? closed : "(" + query.advanced + ") AND " + closed;
  }
  query.relevance_texts = PatientRelevanceTexts(patient);
  query.page_size = std::clamp<std::size_t>(options.candidates, 1, 1000);
  query.page_token.clear();
  query.count_facets = false;
  query.exact_total = false;
  Result<SearchResult> found = index_.Search(query);
  if (!found.ok()) return found.status();
  // Pseudo-relevance feedback: what the best first results share (often the
  // diagnosis a description of symptoms never names) joins the query.
  // Not when nothing ranked them: when no word of the case is rare enough
  // to search for, every study matches at weight 0, and the first few by
  // index order share nothing with the case.
  if (!query.relevance_texts.empty() && found->hits.size() > kFeedbackStudies &&
      found->hits.front().relevance > 0) {
    std::vector<std::string> top;
    for (std::size_t i = 0; i < kFeedbackStudies; ++i) top.push_back(found->hits[i].nct_id);
    Result<std::vector<std::string>> terms = index_.FeedbackTerms(top, kFeedbackTerms);
    if (!terms.ok()) return terms.status();
    std::string joined = fmt::format("{}", fmt::join(*terms, " "));
    if (!joined.empty()) {
      query.relevance_texts.push_back({joined, kFeedbackWeight, true});
      found = index_.Search(query);
      if (!found.ok()) return found.status();
    }
  }

  // The records are read on this thread (a StudyStore is one connection),
  // parsed and judged on `options.threads`.
  // Indexed but since removed: nullopt (the index catches up later).
  std::vector<std::optional<std::string>> records(found->hits.size());
  for (std::size_t i = 0; i < found->hits.size(); ++i) {
    Result<std::optional<StoredStudy>> record = store_.Get(found->hits[i].nct_id);
    if (!record.ok()) return record.status();
    if (record->has_value()) records[i] = std::move((*record)->raw_json);
  }
  std::vector<std::optional<Study>> parsed(records.size());
  std::vector<Status> failures(records.size());
  Status run = ParallelFor(records.size(), options.threads, [&](std::size_t i, std::size_t) {
    if (!records[i]) return;
    Result<Study> study = ParseStoredRecord(found->hits[i].nct_id, std::move(*records[i]));
    if (study.ok()) {
      parsed[i] = std::move(study).value();
    } else {
      failures[i] = study.status();
    }
  });
  if (!run.ok()) return run;
  for (const Status& failure : failures) {
    if (!failure.ok()) return failure;
  }
  // The candidates' own condition and drug names join the lexicon, so the
  // description is read for the names these trials use (with a registry
  // lexicon they are in it already, unless the index lags).
  CriteriaLexicon lexicon = CriteriaLexicon::Over(lexicon_);
  for (const std::optional<Study>& study : parsed) {
    if (study) lexicon.AddStudy(*study);
  }
  Patient enriched = patient;
  const std::string description = std::move(enriched.description);
  enriched.description.clear();
  CaseReader(lexicon).Read(description, enriched);

  MatchResult result;
  // One judge per thread: a judge keeps what it looked up (not thread-safe).
  std::vector<std::optional<EligibilityJudge>> judges(std::max<std::size_t>(options.threads, 1));
  std::vector<std::optional<TrialMatch>> judged(parsed.size());
  const double best_relevance = found->hits.empty() ? 0 : found->hits.front().relevance;
  run = ParallelFor(parsed.size(), options.threads, [&](std::size_t i, std::size_t thread) {
    if (!parsed[i]) return;
    const Study& study = *parsed[i];
    if (!judges[thread]) judges[thread].emplace(enriched);
    const EligibilityJudge& judge = *judges[thread];
    // Read as every front end reads it (ParseStudyCriteria).
    TrialMatch match = options.criteria_memo
                           ? judge.Judge(study, *options.criteria_memo->Parse(study, lexicon_))
                           : judge.Judge(study, ParseStudyCriteria(study, lexicon_));
    const SearchHit& hit = found->hits[i];
    match.relevance = best_relevance > 0 ? hit.relevance / best_relevance : 1.0;
    match.distance_km = hit.distance_km;
    match.score = RankingScore(match);
    judged[i] = std::move(match);
  });
  if (!run.ok()) return run;
  for (std::optional<TrialMatch>& match : judged) {
    if (match) result.trials.push_back(std::move(*match));
  }
  result.candidates_judged = result.trials.size();
  std::stable_sort(result.trials.begin(), result.trials.end(),
                   [](const TrialMatch& a, const TrialMatch& b) { return a.score > b.score; });
  // Questions answered "I don't know" stay open, and say so.
  for (TrialMatch& trial : result.trials) {
    for (CriterionVerdict& verdict : trial.criteria) {
      if (!verdict.question) continue;
      const auto& unsure = enriched.unsure;
      if (std::find(unsure.begin(), unsure.end(), verdict.question->key) == unsure.end()) continue;
      verdict.evidence = "you answered \"I don't know\" to: " + verdict.question->text;
      if (verdict.verdict != Verdict::kUnknown) ++trial.unknown;
      verdict.verdict = Verdict::kUnknown;  // not assumed: the person said they do not know
      verdict.assumed = false;
    }
  }
  const bool named_conditions =
      enriched.healthy || std::any_of(enriched.conditions.begin(), enriched.conditions.end(),
                                      [](const PatientCondition& c) { return c.present; });
  result.next_question = ChooseNextQuestion(result.trials, enriched.unsure, named_conditions);
  if (!options.include_excluded) {
    std::erase_if(result.trials,
                  [](const TrialMatch& m) { return m.status == EligibilityStatus::kExcluded; });
  }
  if (result.trials.size() > options.limit) result.trials.resize(options.limit);
  return result;
}

namespace {

nlohmann::json QuestionJson(const Question& question) {
  return {{"key", question.key},
          {"text", question.text},
          {"excludedIfYes", question.excluded_if_yes},
          {"excludedIfNo", question.excluded_if_no}};
}

}  // namespace

std::string MatchResultToJson(const MatchResult& result, const Patient& patient, int indent) {
  using nlohmann::json;
  json out;
  out["patient"] = json::parse(PatientToJson(patient));
  out["candidatesJudged"] = result.candidates_judged;
  out["trials"] = json::array();
  for (const TrialMatch& trial : result.trials) {
    json item = {{"nctId", trial.nct_id},
                 {"briefTitle", trial.title},
                 {"overallStatus", trial.overall_status},
                 {"eligibility", EligibilityStatusName(trial.status)},
                 {"relevance", trial.relevance},
                 {"score", trial.score},
                 {"met", trial.met},
                 {"notMet", trial.not_met},
                 {"unknown", trial.unknown},
                 {"aboutPatientCondition", trial.studies_patient_condition},
                 {"why", trial.why}};
    if (!trial.cohort.empty()) item["cohort"] = trial.cohort;
    if (trial.distance_km) item["distanceKm"] = *trial.distance_km;
    item["criteria"] = json::array();
    for (const CriterionVerdict& v : trial.criteria) {
      json criterion = {{"section", SectionName(v.section)},
                        {"text", v.text},
                        {"verdict", VerdictName(v.verdict)},
                        {"evidence", v.evidence}};
      if (v.criterion_id >= 0) criterion["id"] = v.criterion_id;
      if (!v.cohort.empty()) criterion["cohort"] = v.cohort;
      if (v.assumed) criterion["assumed"] = true;
      if (v.needs_review) criterion["needsReview"] = true;
      if (v.question)
        criterion["question"] = {{"key", v.question->key}, {"text", v.question->text}};
      item["criteria"].push_back(std::move(criterion));
    }
    out["trials"].push_back(std::move(item));
  }
  out["nextQuestion"] = result.next_question ? QuestionJson(*result.next_question) : json(nullptr);
  return out.dump(indent);
}

}  // namespace trialfinder
