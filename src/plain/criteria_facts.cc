// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "plain/criteria_facts.h"

#include "plain/plain_words.h"
#include "text/ascii_case.h"
#include "text/pattern.h"

namespace trialfinder::plain {

bool AsksForTreatmentFailure(const std::string& lower_text) {
  static const Pattern kFailed(
      "refractory|relaps|inadequate(?:ly)? respon|insufficient respon|fail|progress|intoleran|"
      "resistan|did not respond|not respond|lack of (?:response|efficacy)|recurr");
  static const Pattern kNaive(
      "na[i\\xc3\\xaf]+ve|untreated|no prior|not (?:have )?(?:received|been treated)|"
      "without prior");
  return kFailed.Search(lower_text) && !kNaive.Search(lower_text);
}

CriteriaFacts ReadCriteriaFacts(const ParsedCriteria& criteria) {
  CriteriaFacts facts;
  for (const Criterion& criterion : criteria.criteria) {
    for (const std::string& drug : criterion.drugs) {
      if (!Has(facts.drugs, drug)) facts.drugs.push_back(drug);
    }
    const bool exclusion = criterion.section == CriterionSection::kExclusion;
    const std::string lower = AsciiLowercase(criterion.text);
    if (!exclusion && lower.find("consent") != std::string::npos) facts.consent = true;
    for (const Constraint& c : criterion.constraints) {
      // "Did not get better with the usual treatments" only where the
      // criterion says so: a prior-therapy criterion may ask for none
      // ("EGFR TKI treatment-naive", user test of the patient page).
      if (!exclusion && c.type == ConstraintType::kPriorTherapy && !c.negated &&
          AsksForTreatmentFailure(lower)) {
        facts.prior_therapy = true;
      }
      if (!exclusion || c.negated) continue;
      if (c.type == ConstraintType::kPregnancy || c.type == ConstraintType::kBreastfeeding)
        facts.pregnancy_excluded = true;
      if (c.type == ConstraintType::kInfection && c.name != "active infection" &&
          !Has(facts.infections, c.name)) {
        facts.infections.push_back(c.name);
      }
      if (c.type == ConstraintType::kCellGeneTherapy && !Has(facts.therapies, c.name))
        facts.therapies.push_back(c.name);
      if (c.type == ConstraintType::kCondition && (c.name == "malignancy" || c.name == "cancer"))
        facts.cancer_excluded = true;
    }
  }
  return facts;
}

}  // namespace trialfinder::plain
