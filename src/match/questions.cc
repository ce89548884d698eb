// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The questions matching asks (Question, in match.h): their wording, a
// patient's answer applied to the case, and the one question that would
// settle the most trials.

#include <algorithm>
#include <map>
#include <tuple>

#include "assets/embedded_assets.h"
#include "match/criterion_wording.h"
#include "text/ascii_case.h"
#include "text/concepts.h"
#include "text/pattern.h"
#include "text/word_list.h"
#include "text/words.h"
#include "trialfinder/lay_terms.h"
#include "trialfinder/match.h"

namespace trialfinder {

namespace {

bool IsKnownKey(const std::string& key) {
  return key == "pregnant" || key == "breastfeeding" || key == "consents" ||
         ((key.rfind("condition:", 0) == 0 || key.rfind("treatment:", 0) == 0) && key.size() > 10);
}

// Infections are asked about as test results, procedures as things done.
bool IsInfectionName(const std::string& name) {
  static const Pattern kInfection(
      "^(?:hiv|hbv|hcv|tb|syphilis|covid-19|human immunodeficiency virus|hepatitis [bc]|"
      "tuberculosis)$");
  return kInfection.Search(name);
}

// A name in plain words when the dictionary words the whole of it; else as
// written (user test: "Have you been diagnosed with that has spread
// cancer?", "... with lung high blood pressure?").
// An abbreviation the concept table writes in capitals is written so
// (user test: "Have you ever tested positive for hiv?").
// data/lexicon/questions.tsv, parsed once.
const WordList& QuestionWording() {
  static const WordList kWording(EmbeddedAsset("questions.tsv"));
  return kWording;
}

std::string Lay(const std::string& name) {
  if (std::optional<std::string> lay = LayTerms::Builtin().Whole(name)) return *lay;
  std::string upper = AsciiUppercase(name);
  const std::vector<Word> words = SplitWords(upper);
  if (words.size() != 1) return name;
  const ConceptTable& concepts = ConceptTable::Builtin();
  for (const ConceptTable::Match& match : concepts.FindMatches(words, upper)) {
    if (concepts.IsWrittenAbbreviation(match, words)) return upper;
  }
  return name;
}

}  // namespace

std::optional<Answer> ParseAnswer(std::string_view word) {
  const std::string lower = AsciiLowercase(std::string(word));
  if (lower == "yes") return Answer::kYes;
  if (lower == "no") return Answer::kNo;
  if (lower == "unsure" || lower == "dont-know" || lower == "unknown") return Answer::kUnsure;
  return std::nullopt;
}

Status ApplyAnswerText(std::string_view key_and_answer, Patient& patient) {
  const std::size_t equals = key_and_answer.rfind('=');
  const std::optional<Answer> answer = equals == std::string_view::npos
                                           ? std::nullopt
                                           : ParseAnswer(key_and_answer.substr(equals + 1));
  if (!answer) {
    return Status::InvalidArgument("answer '" + std::string(key_and_answer) +
                                   "': use KEY=yes, KEY=no or KEY=unsure");
  }
  return ApplyAnswer(std::string(key_and_answer.substr(0, equals)), *answer, patient);
}

std::string QuestionText(const std::string& key) {
  if (key == "pregnant") return "Are you pregnant?";
  if (key == "breastfeeding") return "Are you breastfeeding?";
  if (key == "consents")
    return "Are you willing to give informed consent and follow the trial's visits and rules?";
  const std::string name = key.size() > 10 ? key.substr(10) : key;
  constexpr std::string_view kTreatment = "treatment:";
  const bool treatment = key.rfind(kTreatment, 0) == 0;
  for (const WordList::Row& row : QuestionWording().rows()) {
    const std::string_view entry = row.entry;
    // "treatment:NAME" rows word treatments; plain rows, conditions.
    const bool treatment_row = entry.rfind(kTreatment, 0) == 0;
    if (treatment_row != treatment || row.columns.empty()) continue;
    if (entry.substr(treatment_row ? kTreatment.size() : 0) != AsciiLowercase(name)) continue;
    return row.columns.front() == "-" ? "" : row.columns.front();
  }
  if (treatment) {
    if (name == "car-t") return "Have you received CAR-T cell therapy before?";
    if (name == "stem cell transplant") return "Have you had a stem cell transplant?";
    if (name == "organ transplant") return "Have you had an organ transplant?";
    if (name == "cell therapy" || name == "gene therapy" || name == "t-cell engager")
      return "Have you received " + name + " before?";
    return "Have you been treated with " + Lay(name) + "?";
  }
  if (name == "active infection") return "Do you have an active infection?";
  // A possessive the registry's text lost ("parkinson s disease"; user
  // test).
  static const Pattern kLostApostrophe(
      "\\b([a-z]{3,}) s (disease|syndrome|lymphoma|sarcoma|palsy|ulcer|phenomenon|disorder|"
      "esophagus|thyroiditis|encephalopathy|contracture|macroglobulinemia)\\b");
  if (std::optional<PatternMatch> lost = kLostApostrophe.Find(name)) {
    const std::string possessive = name.substr(0, lost->position()) + lost->str(1) + "'s " +
                                   lost->str(2) + name.substr(lost->position() + lost->length());
    return "Have you been diagnosed with " + Lay(possessive) + "?";
  }
  if (IsInfectionName(name)) return "Have you ever tested positive for " + Lay(name) + "?";
  if (IsProcedureName(name)) return "Have you had " + Lay(name) + "?";
  return "Have you been diagnosed with " + Lay(name) + "?";
}

namespace {

Status ApplyOneAnswer(const std::string& key, Answer answer, Patient& patient);

// The other condition keys asked in the same words as `key` ("Do you
// smoke?" for smoking and cigarette smoking): one answer answers them all.
std::vector<std::string> SameQuestionKeys(const std::string& key) {
  std::vector<std::string> keys;
  constexpr std::string_view kCondition = "condition:";
  if (key.rfind(kCondition, 0) != 0) return keys;
  const std::string text = QuestionText(key);
  if (text.empty()) return keys;
  for (const WordList::Row& row : QuestionWording().rows()) {
    if (row.entry.rfind("treatment:", 0) == 0 || row.columns.empty()) continue;
    const std::string other = std::string(kCondition) + row.entry;
    if (other != key && row.columns.front() == text) keys.push_back(other);
  }
  return keys;
}

}  // namespace

Status ApplyAnswer(const std::string& key, Answer answer, Patient& patient) {
  if (!IsKnownKey(key)) {
    return Status::InvalidArgument("answer '" + key + "': not a question trialfinder asks");
  }
  for (const std::string& same : SameQuestionKeys(key)) {
    if (Status applied = ApplyOneAnswer(same, answer, patient); !applied.ok()) return applied;
  }
  return ApplyOneAnswer(key, answer, patient);
}

namespace {

// ApplyAnswer for `key` alone.
Status ApplyOneAnswer(const std::string& key, Answer answer, Patient& patient) {
  if (answer == Answer::kUnsure) {
    if (std::find(patient.unsure.begin(), patient.unsure.end(), key) == patient.unsure.end())
      patient.unsure.push_back(key);
    return Status::Ok();
  }
  std::erase(patient.unsure, key);
  const bool yes = answer == Answer::kYes;
  const std::string evidence = std::string("answered ") + (yes ? "yes" : "no");
  if (key == "pregnant") {
    patient.pregnant = yes;
  } else if (key == "breastfeeding") {
    patient.breastfeeding = yes;
  } else if (key == "consents") {
    patient.consents = yes;
  } else if (key.rfind("condition:", 0) == 0 && key.size() > 10) {
    const std::string name = AsciiLowercase(key.substr(10));
    auto existing = std::find_if(patient.conditions.begin(), patient.conditions.end(),
                                 [&](const PatientCondition& c) { return c.name == name; });
    if (existing == patient.conditions.end()) {
      patient.conditions.push_back({name, yes, "", evidence});
    } else {
      existing->present = yes;
      existing->evidence = evidence;
    }
  } else if (key.rfind("treatment:", 0) == 0 && key.size() > 10) {
    const std::string name = AsciiLowercase(key.substr(10));
    auto existing = std::find_if(patient.treatments.begin(), patient.treatments.end(),
                                 [&](const PatientTreatment& t) { return t.name == name; });
    PatientTreatment answered{name, TreatmentTiming::kNotSaid, std::nullopt,
                              yes ? "" : "never received", evidence};
    if (existing == patient.treatments.end()) {
      patient.treatments.push_back(std::move(answered));
    } else if (!yes || existing->response == "never received") {
      *existing = std::move(answered);
    }
  } else {
    return Status::InvalidArgument("answer '" + key + "': not a question trialfinder asks");
  }
  return Status::Ok();
}

}  // namespace

std::optional<Question> ChooseNextQuestion(const std::vector<TrialMatch>& trials,
                                           const std::vector<std::string>& skip,
                                           bool only_relevant) {
  std::map<std::string, Question> questions;
  // Questions that decide trials about the patient's conditions come first:
  // a question about a knee-replacement study is no use to a lupus patient.
  const bool any_relevant = std::any_of(trials.begin(), trials.end(), [](const TrialMatch& t) {
    return t.studies_patient_condition && t.status != EligibilityStatus::kExcluded;
  });
  if (only_relevant && !any_relevant) return std::nullopt;
  for (const TrialMatch& trial : trials) {
    if (trial.status == EligibilityStatus::kExcluded) continue;
    if (any_relevant && !trial.studies_patient_condition) continue;
    std::map<std::string, std::pair<bool, bool>> seen;  // key -> (excluded if yes, if no)
    for (const CriterionVerdict& v : trial.criteria) {
      if (!v.question) continue;
      if (std::find(skip.begin(), skip.end(), v.question->key) != skip.end()) continue;
      // Asked already in the same words under another key.
      if (!skip.empty()) {
        const std::vector<std::string> same = SameQuestionKeys(v.question->key);
        if (std::any_of(same.begin(), same.end(), [&](const std::string& k) {
              return std::find(skip.begin(), skip.end(), k) != skip.end();
            }))
          continue;
      }
      auto& [if_yes, if_no] = seen[v.question->key];
      (v.question->yes_excludes ? if_yes : if_no) = true;
      questions.emplace(v.question->key, *v.question);
    }
    for (const auto& [key, effect] : seen) {
      questions[key].excluded_if_yes += effect.first ? 1 : 0;
      questions[key].excluded_if_no += effect.second ? 1 : 0;
    }
  }
  std::optional<Question> best;
  // Consent is asked last: nearly every trial needs it and nearly everyone
  // who asks for trials gives it, so it rarely narrows anything.
  auto value = [](const Question& q) {
    return std::make_tuple(q.key != "consents", q.excluded_if_yes + q.excluded_if_no,
                           std::min(q.excluded_if_yes, q.excluded_if_no));
  };
  for (const auto& [key, question] : questions) {
    if (!best || value(question) > value(*best)) best = question;
  }
  return best;
}

}  // namespace trialfinder
