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
#include <vector>

#include "trialfinder/criteria.h"

namespace trialfinder::plain {

struct CriteriaFacts {
  bool prior_therapy = false;       // inclusion: earlier treatment failed (AsksForTreatmentFailure)
  bool consent = false;             // inclusion: written consent is asked
  bool pregnancy_excluded = false;  // exclusion: pregnancy or breastfeeding
  std::vector<std::string> infections;  // excluded infections (HIV, HBV, ...)
  std::vector<std::string> therapies;   // excluded cell/gene therapies
  bool cancer_excluded = false;         // exclusion: malignancy
  std::vector<std::string> drugs;       // named anywhere in the criteria
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
