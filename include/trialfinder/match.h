// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Matching a patient against trials: every criterion gets a verdict with
// the evidence from the patient that decided it, each trial an overall
// status, and the trials a ranking by how likely the patient is eligible
// and how relevant the trial is to them.
//
// What a match does NOT promise: verdicts come from the criteria trialfinder
// can read (see criteria.h) and the patient facts it was given or could read
// from text (see patient.h). A "likely eligible" trial may still turn the
// patient away on a criterion written as free text; the site decides.

#ifndef TRIALFINDER_MATCH_H_
#define TRIALFINDER_MATCH_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trialfinder/criteria.h"
#include "trialfinder/criteria_memo.h"
#include "trialfinder/patient.h"
#include "trialfinder/search.h"
#include "trialfinder/status.h"
#include "trialfinder/study.h"

namespace trialfinder {

class StudyStore;

enum class Verdict {
  kMet,            // inclusion criterion the patient meets
  kNotMet,         // inclusion criterion the patient does not meet
  kApplies,        // exclusion criterion that applies: the patient is excluded
  kDoesNotApply,   // exclusion criterion that does not apply
  kUnknown,        // the patient's record does not tell
  kNotApplicable,  // about other people: another cohort, pregnancy for a man
};

// "met", "not met", "applies", "does not apply", "unknown", "not applicable".
const char* VerdictName(Verdict verdict);

// A yes/no question whose answer decides criteria: "Have you received CAR-T
// therapy before?". `key` names the fact it sets ("treatment:car-t",
// "condition:malignancy", "pregnant"); ApplyAnswer turns an answer into
// that fact.
struct Question {
  std::string key;
  std::string text;
  // For one criterion: true when a "yes" would exclude (an exclusion, or a
  // "no history of" inclusion), false when a "no" would.
  bool yes_excludes = false;
  // Over the candidate trials: how many a "yes" or a "no" would exclude.
  int excluded_if_yes = 0;
  int excluded_if_no = 0;
};

struct CriterionVerdict {
  int criterion_id = -1;  // into ParsedCriteria::criteria; -1 for registry fields
  CriterionSection section = CriterionSection::kInclusion;
  std::string cohort;
  std::string text;
  Verdict verdict = Verdict::kUnknown;
  // True when the verdict was assumed because the record does not mention
  // what the criterion is about: an exclusion "does not apply", an
  // inclusion asking for an absence ("no history of malignancy") is "met".
  // Not evidence: a clinician would confirm it.
  bool assumed = false;
  // What decided it ("age 45 years", "denies smoking"), or why it is unknown.
  std::string evidence;
  // For unknown and assumed verdicts that a yes/no answer would settle.
  std::optional<Question> question;
  // Unknown although the record names what the criterion is about ("No
  // prior systemic therapy" for a patient given carboplatin): a person must
  // look, and the trial is not called likely eligible until one has.
  bool needs_review = false;
};

enum class EligibilityStatus {
  // The patient has a condition the study is about (or, for a study of
  // healthy volunteers, no known condition), nothing excludes, and the
  // criteria about who qualifies (age, sex, the disease, prior treatments)
  // that could be judged are met; labs, scores and consent may still be
  // open (sites check them at screening).
  kLikelyEligible,
  kPossiblyEligible,  // nothing excludes yet; questions are open
  kExcluded,          // a criterion excludes the patient
};

// "likely eligible", "possibly eligible", "excluded".
const char* EligibilityStatusName(EligibilityStatus status);

struct TrialMatch {
  std::string nct_id;
  std::string title;
  std::string overall_status;
  EligibilityStatus status = EligibilityStatus::kPossiblyEligible;
  // The cohort the patient was judged for (empty: the study has none).
  std::string cohort;
  double relevance = 0;  // 0..1, relative to the best candidate
  double score = 0;      // what the ranking sorts by (higher first)
  std::optional<double> distance_km;
  // True when the patient has a condition the study lists (by name, a kind
  // of it, or a synonym; not the MeSH tree): "likely eligible" needs it.
  bool studies_patient_condition = false;
  // Why the trial ranks where it does, in a sentence: what it studies and
  // how that relates to the patient, then the eligibility status.
  std::string why;
  std::vector<CriterionVerdict> criteria;
  // Counts over `criteria`.
  int met = 0;
  int not_met = 0;
  int unknown = 0;
  // Of those, the open ones about who qualifies (the disease, its history
  // and treatments, age, sex) or that a person must review: what keeps the
  // trial from "likely eligible".
  int open = 0;
};

// Judges one study for one patient. Pure: no store or index.
class EligibilityJudge {
 public:
  explicit EligibilityJudge(const Patient& patient);
  ~EligibilityJudge();
  EligibilityJudge(const EligibilityJudge&) = delete;
  EligibilityJudge& operator=(const EligibilityJudge&) = delete;

  // Every criterion of `criteria` (parsed from `study`) plus the registry's
  // own age and sex limits, with the patient's best-fitting cohort chosen.
  // Fills status, cohort, criteria and the counts; not relevance or score.
  TrialMatch Judge(const Study& study, const ParsedCriteria& criteria) const;

 private:
  struct Facts;
  std::unique_ptr<Facts> facts_;
};

// What a person can answer to a question.
enum class Answer { kYes, kNo, kUnsure };

// "yes", "no", or "unsure" / "dont-know" / "unknown" (any case); nullopt
// for anything else.
std::optional<Answer> ParseAnswer(std::string_view word);

// Sets the fact a question asks about: ApplyAnswer("treatment:car-t",
// Answer::kYes) records CAR-T as a past treatment; kUnsure records that the
// person does not know, so the question is not asked again and its
// criteria stay "unknown" (with that as their evidence). InvalidArgument
// for a key trialfinder does not ask about.
Status ApplyAnswer(const std::string& key, Answer answer, Patient& patient);

// "KEY=yes|no|unsure" (as the CLI's --answer and the /match form send it)
// applied with ApplyAnswer; InvalidArgument naming the text otherwise.
Status ApplyAnswerText(std::string_view key_and_answer, Patient& patient);

// The question asked for `key`, in plain words: "condition:malignancy" ->
// "Have you been diagnosed with cancer?", "condition:hbv" -> "Have you ever
// tested positive for hepatitis B?", "condition:surgery" -> "Have you had
// surgery?" (data/lexicon/questions.tsv words the exceptions). Empty for a
// name that is not a diagnosis ("exercise", "body weight"): never asked.
std::string QuestionText(const std::string& key);

// The question that best splits `trials` (those not excluded, and of those
// the trials about the patient's conditions when there are any): the one
// whose answer, yes or no, is expected to exclude the most of them; never
// one of `skip` (questions answered "I don't know"). nullopt when no open
// question remains, and when `only_relevant` (the patient named conditions
// or is healthy) and no trial about them is left open: a question that
// decides only trials of other conditions is no use to them (user test: an
// asthmatic teenager was asked about stem cell transplants).
std::optional<Question> ChooseNextQuestion(const std::vector<TrialMatch>& trials,
                                           const std::vector<std::string>& skip = {},
                                           bool only_relevant = false);

// How likely eligible and how relevant, as one number from 0 to 2:
// relevance scaled by the status (likely 1.0, possibly 0.8 less a little
// per open question, excluded 0.05) and halved for a study about
// conditions the patient is not known to have; 1 is added for a study
// about the patient's conditions that is not excluded, so those come
// first. Excluded trials rank last but stay listed. A score orders one
// result; it is no probability and does not compare across patients.
double RankingScore(const TrialMatch& match);

struct MatchOptions {
  // Search filters (status, phase, geo distance, ...). Text fields narrow
  // the candidates too. Paging fields are ignored.
  SearchQuery filters;
  std::size_t limit = 20;        // trials returned
  std::size_t candidates = 100;  // trials judged (most relevant first)
  bool include_excluded = true;  // list excluded trials (last) or drop them
  // Without a status filter, no closed trial (a status outside
  // kOpenStatuses): a completed or withdrawn trial is never "likely
  // eligible" for anyone. A record without a status stays. Evaluation pools
  // turn it off.
  bool open_only = true;
  // Parsed criteria kept between requests (criteria_memo.h), made for the
  // lexicon the Matcher reads with; null: every candidate is parsed.
  CriteriaMemo* criteria_memo = nullptr;
  // Threads that parse and judge the candidates (this one among them): for
  // a shorter wait on an idle machine; the results are the same for any
  // number. Records are still read one by one on the calling thread.
  std::size_t threads = 1;
};

struct MatchResult {
  std::vector<TrialMatch> trials;  // best first
  std::optional<Question> next_question;
  std::size_t candidates_judged = 0;
};

// Matches patients against the studies of a store and its index. Holds a
// SearchIndex: one Matcher per thread.
// The registry's criteria lexicon: the shipped names and every drug and
// condition name of the studies in `index` (SearchIndex::RegistryNames).
// The one lexicon every front end reads criteria (ParseStudyCriteria) and
// patients' text (CaseReader) with: the CLI builds it per command, the
// server once per index revision (ReaderPool). Names of studies ingested
// but not yet indexed are missing until the index catches up.
Result<CriteriaLexicon> RegistryLexicon(SearchIndex& index);

class Matcher {
 public:
  // `lexicon`: RegistryLexicon(index) (or, without a registry, the shipped
  // one), which must outlive the matcher.
  Matcher(StudyStore& store, SearchIndex& index, const CriteriaLexicon& lexicon)
      : store_(store), index_(index), lexicon_(lexicon) {}

  // Retrieves candidates by relevance to the patient's conditions and
  // description (filters applied), judges each, ranks them.
  Result<MatchResult> Match(const Patient& patient, const MatchOptions& options);

 private:
  StudyStore& store_;
  SearchIndex& index_;
  const CriteriaLexicon& lexicon_;
};

// The weighted texts that find trials relevant to a patient: conditions the
// patient has (strongest), then the affirmed parts of the description.
std::vector<WeightedText> PatientRelevanceTexts(const Patient& patient);

// TrialMatch list as the API's JSON: {"trials": [...], "nextQuestion": ...}.
std::string MatchResultToJson(const MatchResult& result, const Patient& patient, int indent = -1);

// Prescreening for coordinators: one trial, many patients. The criteria are
// read once; each patient is judged as Matcher judges a trial for them
// (their description read with the same lexicon). Thread-compatible:
// JudgeLine is const and may run on several threads at once.
class Prescreener {
 public:
  // `study` and `lexicon` must outlive the prescreener.
  Prescreener(const Study& study, const CriteriaLexicon& lexicon);

  // One patient: a line of NDJSON holding trialfinder's patient JSON, the
  // same wrapped with an id ({"id": "p17", "patient": {...}}), or a FHIR
  // R4 Bundle (as a Bulk Data export writes them; its Patient's id is the
  // id). `number` is the line's (from 1), reported with it. Returns one
  // line of JSON (no newline): {"line", "id", "eligibility",
  // "aboutPatientCondition" (false: the patient has no condition the trial
  // studies, whatever the rest says), "why", "cohort", "met", "notMet",
  // "unknown" (criteria with evidence; an exclusion assumed not to apply is
  // unknown here), "notUnderstood" (FHIR)},
  // or {"line", "error"} for a line that cannot be read: a bad line never
  // stops the others, and is never reported as a match.
  struct Line {
    std::string json;  // the result line
    bool read = true;  // false: the line could not be read ("error")
  };
  Line JudgeLine(std::string_view line, std::size_t number,
                 std::chrono::year_month_day today) const;

  // The same result as one CSV row (RFC 4180, CRLF): line, id,
  // eligibility, whether the patient has a condition it studies, met, not
  // met, unknown (counts), the first criterion not met, error; CsvHeader()
  // names the columns.
  static std::string CsvRow(const std::string& json_line);
  static std::string CsvHeader();

 private:
  const Study& study_;
  const CriteriaLexicon& lexicon_;
  ParsedCriteria criteria_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_H_
