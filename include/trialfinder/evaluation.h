// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Measuring matching against expert judgments, in the formats of
// data/bench-dev/ (the SIGIR 2016 patient-to-trial collection and
// criterion-level labels):
//  - trials.jsonl: {"nct_id", "title", "summary", "sex", "minimum_age", "maximum_age"}
//  - patients.jsonl: {"id", "text"}
//  - qrels.tsv: patient_id, nct_id, relevance (0, 1, 2), with a header line
//  - criterion-labels.jsonl: {"patient_id", "note", "trial_id", "trial_title",
//    "criterion_type", "criterion_text", "expert_eligibility"}

#ifndef TRIALFINDER_EVALUATION_H_
#define TRIALFINDER_EVALUATION_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "trialfinder/status.h"

namespace trialfinder {

struct RankingMetrics {
  double ndcg_at_10 = 0;       // mean over patients; gain = relevance (0, 1, 2)
  double precision_at_10 = 0;  // mean share of the top 10 judged 2
  int patients = 0;
};

// One ranked trial of a run, as a TREC run file lists it.
struct RankedTrial {
  std::string nct_id;
  double score = 0;  // what the ranking sorted by (higher first)
};

struct RankingEvaluation {
  RankingMetrics trialfinder;  // the matcher over the trial pool
  RankingMetrics baseline;     // plain BM25 over title + summary, the note as query
  int trials = 0;
  // The matcher's top 10 per patient id, best first (for a TREC run file).
  std::map<std::string, std::vector<RankedTrial>> run;
};

// `evaluation.run` in TREC run format ("qid Q0 docno rank score tag", one
// line per ranked trial), for trec_eval.
std::string TrecRun(const RankingEvaluation& evaluation, const std::string& tag);

// Ranks the pool of `trials` for every patient of `patients` with the
// matcher (the pool is ingested into a store and index in `work_directory`,
// which must be empty or absent) and with a plain BM25 baseline, and scores
// both against `qrels`. Unjudged trials count as relevance 0.
Result<RankingEvaluation> EvaluateRanking(const std::filesystem::path& trials,
                                          const std::filesystem::path& patients,
                                          const std::filesystem::path& qrels,
                                          const std::filesystem::path& work_directory);

// One of the six expert classes: "included", "not included", "excluded",
// "not excluded", "not enough information", "not applicable".
// Predicts the class of one criterion for one patient note, by reading the
// note as a patient and judging the criterion as matching does.
std::string PredictCriterionLabel(const std::string& note, bool inclusion,
                                  const std::string& criterion_text);

// The class as above and what decided it (the verdict's evidence, or why it
// is unknown; "assumed: " leads an assumed verdict). For reading errors.
struct CriterionLabelPrediction {
  std::string label;
  std::string evidence;
};
CriterionLabelPrediction PredictCriterion(const std::string& note, bool inclusion,
                                          const std::string& criterion_text);

struct ClassMetrics {
  std::string name;
  int support = 0;  // labels of this class
  int predicted = 0;
  double precision = 0;
  double recall = 0;
};

// One judged criterion and what trialfinder predicted for it.
struct CriterionPrediction {
  std::string patient_id;
  std::string trial_id;
  std::string criterion_type;  // "inclusion" or "exclusion"
  std::string criterion_text;
  std::string expected;   // the expert's class
  std::string predicted;  // trialfinder's class
  std::string evidence;   // what decided the prediction
};

struct CriteriaEvaluation {
  int labels = 0;
  std::vector<CriterionPrediction> predictions;  // every label, in file order
  double accuracy = 0;
  std::string majority_class;
  double majority_accuracy = 0;  // always predicting the most frequent class
  std::vector<ClassMetrics> classes;
};

// Predicts every label of `labels` and scores the predictions.
Result<CriteriaEvaluation> EvaluateCriteria(const std::filesystem::path& labels);

}  // namespace trialfinder

#endif  // TRIALFINDER_EVALUATION_H_
