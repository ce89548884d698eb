// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The questions matching asks (Question, in match.h): a patient's answer
// applied to the case, and the one question that would settle the most
// trials.

#include <algorithm>
#include <map>
#include <tuple>

#include "text/ascii_case.h"
#include "trialfinder/match.h"

namespace trialfinder {

Status ApplyAnswer(const std::string& key, bool yes, Patient& patient) {
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
    PatientTreatment answered{name, false, std::nullopt, yes ? "" : "never received", evidence};
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

std::optional<Question> ChooseNextQuestion(const std::vector<TrialMatch>& trials) {
  std::map<std::string, Question> questions;
  for (const TrialMatch& trial : trials) {
    if (trial.status == EligibilityStatus::kExcluded) continue;
    std::map<std::string, std::pair<bool, bool>> seen;  // key -> (excluded if yes, if no)
    for (const CriterionVerdict& v : trial.criteria) {
      if (!v.question) continue;
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
