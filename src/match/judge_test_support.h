// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Helpers for tests that judge written criteria for a patient, end to end
// through the parser (eligibility_judge_test.cc, alternatives_test.cc).

#ifndef TRIALFINDER_MATCH_JUDGE_TEST_SUPPORT_H_
#define TRIALFINDER_MATCH_JUDGE_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "trialfinder/criteria.h"
#include "trialfinder/match.h"

namespace trialfinder {

// A study of `conditions` whose eligibility text is `criteria`.
inline Study StudyWith(const std::string& criteria, std::vector<std::string> conditions) {
  Study study;
  study.protocol.identification.nct_id = "NCT00000000";
  study.protocol.eligibility.eligibility_criteria = criteria;
  study.protocol.conditions.conditions = std::move(conditions);
  return study;
}

// The study's criteria parsed with its own names, judged for `patient`.
inline TrialMatch Judge(const Patient& patient, const Study& study) {
  CriteriaLexicon lexicon;
  lexicon.AddStudy(study);
  return EligibilityJudge(patient).Judge(study, EligibilityParser(lexicon).Parse(study));
}

// The verdict of the first criterion whose text holds `part`; a test
// failure (and an empty verdict) when none does.
inline const CriterionVerdict& Find(const TrialMatch& match, const std::string& part) {
  for (const CriterionVerdict& v : match.criteria) {
    if (v.text.find(part) != std::string::npos) return v;
  }
  ADD_FAILURE() << "no criterion with '" << part << "'";
  static const CriterionVerdict kNone;
  return kNone;
}

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_JUDGE_TEST_SUPPORT_H_
