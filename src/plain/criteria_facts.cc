// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "plain/criteria_facts.h"

#include "plain/plain_words.h"
#include "text/ascii_case.h"

namespace trialfinder::plain {

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
      if (!exclusion && c.type == ConstraintType::kPriorTherapy) facts.prior_therapy = true;
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
