// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What the patient page says about eligibility, read from the typed
// constraints of the parsed criteria (never from their prose). A fact is
// set only when a constraint says it; a criterion the parser did not
// understand adds nothing, so the page's "not a fit" list is a sample of
// the criteria, not all of them (the page says so and links the full list).
// Private to src/plain/.

#ifndef TRIALFINDER_SRC_PLAIN_CRITERIA_FACTS_H_
#define TRIALFINDER_SRC_PLAIN_CRITERIA_FACTS_H_

#include <string>
#include <utility>
#include <vector>

#include "trialfinder/criteria.h"

namespace trialfinder::plain {

struct CriteriaFacts {
  bool prior_therapy = false;  // inclusion: earlier treatment failed (AsksForTreatmentFailure)
  bool consent = false;        // inclusion: written consent is asked
  // An inclusion of one cohort ("For systemic sclerosis: age >= 18 and <=
  // 60") gives its own age: the registry's age range is not everyone's.
  bool cohort_ages = false;
  bool pregnancy_excluded = false;      // exclusion: pregnancy or breastfeeding
  std::vector<std::string> infections;  // excluded infections (HIV, HBV, ...)
  std::vector<std::string> therapies;   // excluded cell/gene therapies, any time
  // Excluded only within a time: {"6 months", {"CAR-T"}} from "CAR-T within
  // the last 6 months". A window the parser did not read leaves the therapy
  // in `therapies`, so the page may say "have had" where the criterion says
  // "recently" (the page points to the full criteria).
  std::vector<std::pair<std::string, std::vector<std::string>>> recent_therapies;
  bool cancer_excluded = false;  // exclusion: malignancy
  // "5 years" when every cancer exclusion read is limited to a time before
  // now ("malignancy within the last 5 years"); "" for any time.
  std::string cancer_window;
  // A cancer exclusion allows some kinds ("except basal cell carcinoma").
  bool cancer_exceptions = false;
  // Drugs named in inclusion (or unsectioned) criteria: people may need to
  // have had them, or may keep taking them; which one, the criterion says.
  std::vector<std::string> inclusion_drugs;
  // Drugs named in exclusion criteria: taking them (ever, recently, or
  // above a dose) can keep people out; an exclusion's exceptions ("except
  // prednisone <= 10 mg") are listed too.
  std::vector<std::string> exclusion_drugs;
};

// Whether lower-case criterion text asks that earlier treatment failed
// ("refractory", "relapsed", "inadequate response") and not that there was
// none ("treatment-naive", "no prior therapy").
bool AsksForTreatmentFailure(const std::string& lower_text);

// The facts `criteria` state. Negated exclusion constraints ("no history
// of HIV is required" read as negated) add nothing.
CriteriaFacts ReadCriteriaFacts(const ParsedCriteria& criteria);

}  // namespace trialfinder::plain

#endif  // TRIALFINDER_SRC_PLAIN_CRITERIA_FACTS_H_
