// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/value_rules.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "match/criterion_wording.h"
#include "match/verdict_combine.h"
#include "text/ascii_case.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {

void ApplyLabRules(bool exclusion, const std::string& lower, const JudgedParts& j,
                   Judgement& combined) {
  if (!exclusion) return;
  // An exclusion of a condition its lab values define ("poorly controlled
  // diabetes (HbA1c of 9.0% or higher)") does not apply when the values
  // given fall outside, whatever else is unknown about the condition.
  if (combined.truth == Truth::kUnknown && NamesWhatItsLabsDefine(lower)) {
    std::optional<Judgement> outside;  // the last lab part, when every one is false
    bool every_lab_outside = true;
    for (std::size_t i = 0; i < j.parts.size(); ++i) {
      if (j.types[i] != ConstraintType::kLab) continue;
      every_lab_outside = every_lab_outside && j.parts[i].truth == Truth::kFalse;
      outside = j.parts[i];
    }
    if (outside && every_lab_outside) combined = *outside;
  }
  // A condition an exclusion qualifies by a score ("NYHA class IV heart
  // failure"): a score the record gives outside it decides; one it does
  // not give leaves it open, as a qualifier would.
  if (combined.truth == Truth::kTrue) {
    // Only when it names one condition: in a list ("NYHA class III/IV
    // heart failure, myocardial infarction, ...") the others stand alone.
    const Judgement* score = nullptr;
    bool only_conditions_hold = true;
    int conditions = 0;
    for (std::size_t i = 0; i < j.parts.size(); ++i) {
      if (j.types[i] == ConstraintType::kScore && j.parts[i].truth != Truth::kTrue)
        score = &j.parts[i];
      if (j.types[i] == ConstraintType::kCondition) ++conditions;
      if (j.parts[i].truth == Truth::kTrue && j.types[i] != ConstraintType::kCondition)
        only_conditions_hold = false;
    }
    if (score != nullptr && only_conditions_hold && conditions == 1) {
      if (score->truth == Truth::kFalse) {
        combined = *score;
      } else {
        combined = {Truth::kUnknown,
                    combined.evidence +
                        "; the class or score the criterion names is not in "
                        "the record",
                    std::nullopt, true};
      }
      return;
    }
  }
  // An exclusion that is lab values alone ("WBC > 15000") is not assumed
  // away: nothing in a record implies a value, and a test settles it. One
  // that names a condition and gives its lab definition ("severe renal
  // impairment (creatinine > 3 mg/dL)") is assumed absent with it (expert
  // labels: 6 of 9 development exclusions of the first kind are "not
  // enough information", all 3 of the second "not excluded").
  if (combined.truth == Truth::kNotReported && !j.types.empty() &&
      std::all_of(j.types.begin(), j.types.end(),
                  [](ConstraintType type) { return type == ConstraintType::kLab; }) &&
      !NamesWhatItsLabsDefine(lower)) {
    combined = {Truth::kUnknown, combined.evidence + ": a test result would settle this",
                std::move(combined.question)};
  }
}

void OpenDisagreeingThresholds(std::vector<Judgement>& parts,
                               const std::vector<ConstraintType>& types,
                               const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (types[i] != ConstraintType::kLab) continue;
    for (std::size_t k = i + 1; k < parts.size(); ++k) {
      if (types[k] != ConstraintType::kLab || names[k] != names[i]) continue;
      const bool disagree = (parts[i].truth == Truth::kTrue && parts[k].truth == Truth::kFalse) ||
                            (parts[i].truth == Truth::kFalse && parts[k].truth == Truth::kTrue);
      if (!disagree) continue;
      for (std::size_t j : {i, k}) {
        parts[j] = {Truth::kUnknown,
                    parts[j].evidence +
                        "; meets one of the thresholds given, and which applies "
                        "depends on more than the record says",
                    std::nullopt, true};
      }
    }
  }
}

}  // namespace trialfinder
