// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "plain/criteria_facts.h"

#include <fmt/format.h>

#include <algorithm>

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

namespace {

// "6 months" when `criterion` limits itself to a time before now ("within
// the last 6 months", "in the past year"); "" when it names none, or one
// after a date to come ("within 4 weeks after the first dose").
std::string RecentWindow(const Criterion& criterion) {
  for (const Constraint& c : criterion.constraints) {
    if (c.type != ConstraintType::kTimeWindow || c.negated || !c.value) continue;
    if (c.comparator != Comparator::kLess && c.comparator != Comparator::kLessOrEqual) continue;
    if (c.unit.empty() || AsciiLowercase(c.evidence).find("after") != std::string::npos) continue;
    std::string unit = c.unit;  // "months", "years", "weeks", "days"
    if (*c.value == 1 && unit.size() > 1 && unit.back() == 's') unit.pop_back();
    return fmt::format("{:g} {}", *c.value, unit);
  }
  return "";
}

void AddTherapy(const std::string& name, const std::string& window, CriteriaFacts& facts) {
  if (Has(facts.therapies, name)) return;  // excluded at any time already
  if (window.empty()) {
    facts.therapies.push_back(name);
    for (auto& [recent, names] : facts.recent_therapies)
      names.erase(std::remove(names.begin(), names.end(), name), names.end());
    return;
  }
  for (auto& [recent, names] : facts.recent_therapies) {
    if (recent != window) continue;
    if (!Has(names, name)) names.push_back(name);
    return;
  }
  facts.recent_therapies.push_back({window, {name}});
}

}  // namespace

CriteriaFacts ReadCriteriaFacts(const ParsedCriteria& criteria) {
  CriteriaFacts facts;
  for (const Criterion& criterion : criteria.criteria) {
    const bool exclusion = criterion.section == CriterionSection::kExclusion;
    std::vector<std::string>& drugs = exclusion ? facts.exclusion_drugs : facts.inclusion_drugs;
    for (const std::string& drug : criterion.drugs) {
      if (!Has(drugs, drug)) drugs.push_back(drug);
    }
    const std::string lower = AsciiLowercase(criterion.text);
    const std::string window = exclusion ? RecentWindow(criterion) : "";
    // "Participation in any other clinical trial (including cell or gene
    // therapy) within 4 weeks" is about other trials, not about having had
    // gene therapy (user test: "People who had gene therapy in the last 4
    // weeks").
    static const Pattern kOtherTrials(
        "\\b(?:other|another|previous|prior|concurrent|any)\\s+(?:interventional\\s+)?"
        "(?:clinical\\s+)?(?:trial|study|studies|research)\\b|"
        "\\binvestigational\\s+(?:drug|product|agent|therapy|treatment|device)");
    const bool about_other_trials = kOtherTrials.Search(lower);
    if (!exclusion && lower.find("consent") != std::string::npos) facts.consent = true;
    for (const Constraint& c : criterion.constraints) {
      // "Did not get better with the usual treatments" only where the
      // criterion says so: a prior-therapy criterion may ask for none
      // ("EGFR TKI treatment-naive", user test of the patient page).
      if (!exclusion && c.type == ConstraintType::kPriorTherapy && !c.negated &&
          AsksForTreatmentFailure(lower)) {
        facts.prior_therapy = true;
      }
      if (!exclusion && !criterion.cohort.empty() && c.type == ConstraintType::kAge)
        facts.cohort_ages = true;
      if (!exclusion || c.negated) continue;
      if (c.type == ConstraintType::kPregnancy || c.type == ConstraintType::kBreastfeeding)
        facts.pregnancy_excluded = true;
      if (c.type == ConstraintType::kInfection && c.name != "active infection" &&
          !Has(facts.infections, c.name)) {
        facts.infections.push_back(c.name);
      }
      if (c.type == ConstraintType::kCellGeneTherapy && !about_other_trials)
        AddTherapy(c.name, window, facts);
      if (c.type == ConstraintType::kCondition && (c.name == "malignancy" || c.name == "cancer")) {
        // The widest exclusion read is what a patient needs to know.
        if (!facts.cancer_excluded) facts.cancer_window = window;
        if (window.empty()) facts.cancer_window.clear();
        facts.cancer_excluded = true;
        // "except adequately treated basal cell carcinoma": some kinds are
        // allowed, which the page may say only when a criterion does.
        static const Pattern kExceptions(
            "\\b(?:except|other than|unless|with the exception|excluding|apart from|"
            "adequately treated|in situ|basal cell|squamous cell|non-melanoma|cured|"
            "disease-free|in remission)\\b");
        if (kExceptions.Search(lower)) facts.cancer_exceptions = true;
      }
    }
  }
  return facts;
}

}  // namespace trialfinder::plain
