// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A trial for a patient: every criterion judged (criterion_judge.h), the
// registry's own age, sex and healthy-volunteer limits, the cohort that
// fits the patient best, and the trial's status and why.

#include <algorithm>
#include <cmath>
#include <map>

#include "match/alternatives.h"
#include "match/constraint_judge.h"
#include "match/criterion_judge.h"
#include "match/patient_facts.h"
#include "match/study_fit.h"
#include "text/ascii_case.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "trialfinder/match.h"

namespace trialfinder {
namespace {
// The registry's own limits (eligibilityModule.minimumAge, maximumAge, sex).
std::vector<CriterionVerdict> JudgeRegistryLimits(const EligibilityModule& e,
                                                  const PatientFacts& facts) {
  std::vector<CriterionVerdict> verdicts;
  const Patient& p = facts.patient();
  if (e.minimum_age || e.maximum_age) {
    CriterionVerdict age;
    age.text = "Age: " + (e.minimum_age ? e.minimum_age->text : std::string("any")) + " to " +
               (e.maximum_age ? e.maximum_age->text : std::string("no upper limit"));
    if (!p.age_years) {
      age.verdict = Verdict::kUnknown;
      age.evidence = "age not given";
    } else {
      const bool old_enough = !e.minimum_age || *p.age_years >= e.minimum_age->InYears() - 1e-9;
      // A maximum of "65 Years" admits people until their 66th birthday.
      const bool young_enough =
          !e.maximum_age || *p.age_years < e.maximum_age->InYears() + 1 - 1e-9;
      age.verdict = old_enough && young_enough ? Verdict::kMet : Verdict::kNotMet;
      age.evidence = AgeEvidence(*p.age_years);
    }
    verdicts.push_back(age);
  }
  if (e.sex == "FEMALE" || e.sex == "MALE") {
    CriterionVerdict sex;
    sex.text = "Sex: " + AsciiLowercase(e.sex) + " only";
    if (p.sex.empty()) {
      sex.verdict = Verdict::kUnknown;
      sex.evidence = "sex not given";
    } else {
      sex.verdict = p.sex == e.sex ? Verdict::kMet : Verdict::kNotMet;
      sex.evidence = "sex " + AsciiLowercase(p.sex);
    }
    verdicts.push_back(sex);
  }
  return verdicts;
}

bool Excludes(const CriterionVerdict& v) {
  return v.verdict == Verdict::kNotMet || v.verdict == Verdict::kApplies;
}

// Verdicts for the shared criteria plus those of `cohort` ("" for none);
// other cohorts' criteria are not applicable.
// Every criterion judged once, in order (headings left out), then nested
// lists combined (alternatives.h): a criterion reads the same for every
// cohort, only whether it counts changes.
std::vector<CriterionVerdict> JudgeAll(const ParsedCriteria& criteria, const PatientFacts& facts,
                                       const TrialContext& trial) {
  std::vector<CriterionVerdict> verdicts;
  for (const Criterion& criterion : criteria.criteria) {
    if (!criterion.is_heading) verdicts.push_back(JudgeCriterion(criterion, facts, trial));
  }
  CombineNestedVerdicts(criteria, verdicts);  // alternatives and exceptions
  return verdicts;
}

// The verdicts as seen by `cohort` ("": none chosen): another cohort's
// criteria are not applicable.
std::vector<CriterionVerdict> ForCohort(const std::vector<CriterionVerdict>& judged,
                                        const std::string& cohort) {
  std::vector<CriterionVerdict> verdicts;
  verdicts.reserve(judged.size());
  for (const CriterionVerdict& verdict : judged) {
    if (verdict.cohort.empty() || verdict.cohort == cohort) {
      verdicts.push_back(verdict);
      continue;
    }
    CriterionVerdict other;
    other.criterion_id = verdict.criterion_id;
    other.section = verdict.section;
    other.cohort = verdict.cohort;
    other.text = verdict.text;
    other.verdict = Verdict::kNotApplicable;
    // "for the Cascadia group", not "for the the Cascadia ..." (user test).
    const bool article =
        verdict.cohort.rfind("the ", 0) == 0 || verdict.cohort.rfind("The ", 0) == 0;
    other.evidence = (article ? "for " : "for the ") + verdict.cohort + " group";
    verdicts.push_back(std::move(other));
  }
  return verdicts;
}

struct CohortFit {
  bool has_condition = false;
  // How many other cohorts the patient has the condition of are kinds this
  // one narrows ("Lupus Nephritis" narrows "Systemic Lupus Erythematosus",
  // whose "lupus" it names): a patient with both belongs to the narrower.
  int narrows = 0;
  int excluding = 0;
  int met = 0;
  int unknown = 0;
  bool operator<(const CohortFit& other) const {  // better first
    if (has_condition != other.has_condition) return has_condition;
    if (narrows != other.narrows) return narrows > other.narrows;
    if ((excluding > 0) != (other.excluding > 0)) return excluding == 0;
    if (met != other.met) return met > other.met;
    return unknown < other.unknown;
  }
};

CohortFit Fit(const std::vector<CriterionVerdict>& verdicts, bool has_condition) {
  CohortFit fit;
  fit.has_condition = has_condition;
  for (const CriterionVerdict& v : verdicts) {
    if (Excludes(v)) ++fit.excluding;
    if (v.verdict == Verdict::kMet) ++fit.met;
    if (v.verdict == Verdict::kUnknown) ++fit.unknown;
  }
  return fit;
}

// Criteria about who the trial is for (age, sex, the disease, its history
// and treatments), as opposed to measurements taken at screening (labs,
// scores) and agreements (consent, contraception).
// In a study of pregnancy (a pregnancy registry), being pregnant is who
// qualifies too, and so is a criterion naming a condition the study lists
// (`topics`) in words no constraint reads.
bool IsAboutWhoQualifies(const ParsedCriteria& criteria, int id, bool studies_pregnancy,
                         const std::vector<std::string>& topics) {
  if (id < 0) return true;  // the registry's age and sex limits
  if (id >= static_cast<int>(criteria.criteria.size())) return false;
  for (const Constraint& c : criteria.criteria[static_cast<std::size_t>(id)].constraints) {
    if (c.type == ConstraintType::kPregnancy && studies_pregnancy) return true;
    switch (c.type) {
      case ConstraintType::kAge:
      case ConstraintType::kSex:
      case ConstraintType::kCondition:
      case ConstraintType::kPriorTherapy:
      case ConstraintType::kCellGeneTherapy:
      case ConstraintType::kInfection:
      case ConstraintType::kDiseaseDuration:
        return true;
      case ConstraintType::kPregnancy:
      case ConstraintType::kBreastfeeding:
      case ConstraintType::kContraception:
      case ConstraintType::kLab:
      case ConstraintType::kScore:
      case ConstraintType::kTimeWindow:
        break;
    }
  }
  // A treatment history or plan in words no constraint reads ("in the
  // maintenance phase", "a candidate for a checkpoint inhibitor",
  // "treatment dates 2008-22"): about who qualifies too (user test:
  // "likely eligible" with it open).
  static const Pattern kTreatmentWords(
      "\\b(?:treat\\w*|therap\\w*|regimens?|chemo\\w*|candidates?|maintenance|induction|"
      "consolidation|received|receiving|surgery|surgical|resect\\w*|transplant\\w*|lines? of|"
      "inhibitors?)\\b",
      PatternCase::kInsensitive);
  const std::string& text = criteria.criteria[static_cast<std::size_t>(id)].text;
  if (kTreatmentWords.Search(text)) return true;
  // "At least one incidentally detected pulmonary nodule" in a study of
  // pulmonary nodules (user test: "likely eligible" for metastatic lung
  // cancer with it open).
  // A longer name by its last two words too ("pulmonary nodule" of
  // "solitary pulmonary nodule").
  return std::any_of(topics.begin(), topics.end(), [&](const std::string& topic) {
    const std::vector<std::string> words = SplitCriteriaWords(topic);
    if (words.size() < 2) return false;
    const std::string head = words[words.size() - 2] + " " + words.back();
    return PatientFacts::Contains(text, topic) || PatientFacts::Contains(text, head);
  });
}

// Likely eligible: nothing excludes, and every inclusion criterion about who
// qualifies that could be judged is met (at least one criterion of the
// study's own text is met). Open lab, score and consent items do not
// lower it: sites check those at screening.
void SetStatus(TrialMatch& match, const ParsedCriteria& criteria, bool about_patient,
               const std::vector<std::string>& topics) {
  const bool studies_pregnancy =
      std::find(topics.begin(), topics.end(), "pregnancy") != topics.end();
  int open = 0;
  int substantive_met = 0;
  for (const CriterionVerdict& v : match.criteria) {
    if (v.verdict == Verdict::kMet) ++match.met;
    if (Excludes(v)) ++match.not_met;
    if (v.verdict == Verdict::kUnknown) ++match.unknown;
    // An absence assumed from silence ("no history of cancer") is no
    // evidence that the trial is for this patient.
    if (v.criterion_id >= 0 && v.verdict == Verdict::kMet && !v.assumed) ++substantive_met;
    if (v.verdict == Verdict::kUnknown && v.section != CriterionSection::kExclusion &&
        IsAboutWhoQualifies(criteria, v.criterion_id, studies_pregnancy, topics)) {
      ++open;
    }
    // What the record names and a person must weigh, in an inclusion or
    // an exclusion (user test: "likely eligible" with "Previous therapy
    // with any checkpoint inhibitor" open for a patient given pembrolizumab).
    if (v.needs_review) ++open;
  }
  match.open = open;
  if (match.not_met > 0) {
    match.status = EligibilityStatus::kExcluded;
  } else if (open == 0 && substantive_met > 0 && about_patient) {
    match.status = EligibilityStatus::kLikelyEligible;
  } else {
    match.status = EligibilityStatus::kPossiblyEligible;
  }
}

}  // namespace

struct EligibilityJudge::Facts : PatientFacts {
  using PatientFacts::PatientFacts;
};

EligibilityJudge::EligibilityJudge(const Patient& patient)
    : facts_(std::make_unique<Facts>(patient)) {}
EligibilityJudge::~EligibilityJudge() = default;

TrialMatch EligibilityJudge::Judge(const Study& study, const ParsedCriteria& criteria) const {
  TrialMatch match;
  match.nct_id = study.nct_id();
  match.title = study.protocol.identification.brief_title;
  match.overall_status = study.protocol.status.overall_status;
  const StudyFitResult fit = FitStudy(study, *facts_);
  TrialContext trial{StudyTopics(study), fit.fit == StudyFit::kStudiesPatientCondition
                                             ? fit.patient_evidence
                                             : std::string()};
  const std::vector<CriterionVerdict> judged = JudgeAll(criteria, *facts_, trial);
  std::vector<CriterionVerdict> best = ForCohort(judged, "");
  if (!criteria.cohorts.empty()) {
    std::optional<CohortFit> best_fit;
    // The cohorts whose condition the patient has.
    std::vector<std::string> had;
    for (const std::string& cohort : criteria.cohorts) {
      const std::vector<std::string> forms = ConditionNameForms(cohort);
      if (std::any_of(forms.begin(), forms.end(), [&](const std::string& f) {
            return facts_->Condition(f).truth == Truth::kTrue;
          }))
        had.push_back(cohort);
    }
    for (const std::string& cohort : criteria.cohorts) {
      // "Males of reproductive potential" is never a woman's group.
      if (CohortRulesOut(cohort, facts_->patient())) continue;
      std::vector<CriterionVerdict> verdicts = ForCohort(judged, cohort);
      const bool has_condition = std::find(had.begin(), had.end(), cohort) != had.end();
      CohortFit fit = Fit(verdicts, has_condition);
      if (has_condition) {
        const std::string lower = AsciiLowercase(cohort);
        for (const std::string& other : had) {
          if (other == cohort) continue;
          for (const std::string& form : ConditionNameForms(other)) {
            const std::vector<std::string> variants = PatientFacts::Variants(form);
            if (std::any_of(variants.begin(), variants.end(), [&](const std::string& v) {
                  return v.size() > 3 && AsciiLowercase(v) != lower &&
                         PatientFacts::Contains(lower, v) && !PatientFacts::Contains(v, lower);
                })) {
              ++fit.narrows;
              break;
            }
          }
        }
      }
      if (!best_fit || fit < *best_fit) {
        best_fit = fit;
        best = std::move(verdicts);
        match.cohort = cohort;
      }
    }
  }
  match.criteria = JudgeRegistryLimits(study.protocol.eligibility, *facts_);
  const bool has_condition = HasKnownCondition(facts_->patient());
  if (fit.fit == StudyFit::kHealthyVolunteers && has_condition) {
    CriterionVerdict healthy;
    healthy.text = "Healthy volunteers";
    healthy.verdict = Verdict::kNotMet;
    std::string conditions;
    for (const PatientCondition& c : facts_->patient().conditions) {
      if (c.present) conditions += (conditions.empty() ? "" : ", ") + c.name;
    }
    healthy.evidence = "a study of healthy volunteers; the record lists " + conditions;
    match.criteria.push_back(std::move(healthy));
  }
  for (CriterionVerdict& verdict : best) match.criteria.push_back(std::move(verdict));
  // A study of healthy volunteers is about a person who says they are one.
  match.studies_patient_condition =
      fit.fit == StudyFit::kStudiesPatientCondition ||
      (fit.fit == StudyFit::kHealthyVolunteers && facts_->patient().healthy && !has_condition);
  const bool about_patient = match.studies_patient_condition ||
                             (fit.fit == StudyFit::kHealthyVolunteers && !has_condition);
  // Through a heading the registry added only, the study may be about
  // something else (user test: a pulmonary-nodule study was "likely
  // eligible" for metastatic lung cancer through MeSH "Lung Neoplasms").
  const bool surely_about_patient = about_patient && !fit.added_heading_only;
  SetStatus(match, criteria, surely_about_patient, trial.topics);
  match.why = fit.evidence + "; " + EligibilityStatusName(match.status);
  if (match.status == EligibilityStatus::kPossiblyEligible && !about_patient)
    match.why += " at most, as it is not about the patient's conditions";
  else if (match.status == EligibilityStatus::kPossiblyEligible && !surely_about_patient)
    match.why += " at most, as what the study lists is not known to be what the patient has";
  return match;
}

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMet:
      return "met";
    case Verdict::kNotMet:
      return "not met";
    case Verdict::kApplies:
      return "applies";
    case Verdict::kDoesNotApply:
      return "does not apply";
    case Verdict::kUnknown:
      return "unknown";
    case Verdict::kNotApplicable:
      return "not applicable";
  }
  return "unknown";
}

const char* EligibilityStatusName(EligibilityStatus status) {
  switch (status) {
    case EligibilityStatus::kLikelyEligible:
      return "likely eligible";
    case EligibilityStatus::kPossiblyEligible:
      return "possibly eligible";
    case EligibilityStatus::kExcluded:
      return "excluded";
  }
  return "possibly eligible";
}

double RankingScore(const TrialMatch& match) {
  const double about = match.studies_patient_condition ? 1.0 : 0.5;
  // Trials about the patient's conditions come first, whatever the search
  // relevance of the others (user test: a smoking-cessation trial ranked
  // below four about other diseases for a smoker): a tier of 1 above.
  const double tier = match.studies_patient_condition ? 1.0 : 0.0;
  switch (match.status) {
    case EligibilityStatus::kLikelyEligible:
      return tier + match.relevance;
    case EligibilityStatus::kPossiblyEligible:
      // An open question about who qualifies weighs more than one a site
      // settles at screening.
      return tier +
             about * match.relevance *
                 std::max(0.5, 0.8 * std::pow(0.97, match.unknown) * std::pow(0.9, match.open));
    case EligibilityStatus::kExcluded:
      return about * match.relevance * 0.05;
  }
  return 0;
}

}  // namespace trialfinder
