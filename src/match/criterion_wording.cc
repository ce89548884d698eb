// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/criterion_wording.h"

#include <cctype>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>

#include "text/durations.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "text/words.h"

namespace trialfinder {

bool IsProcedureName(const std::string& lower_name) {
  static const Pattern kProcedure(
      "\\b(?:surgery|surgeries|operation|transplant\\w*|replacement|fusion|implant\\w*|"
      "\\w+ectomy|\\w+otomy|\\w+plasty|resection|radiation|radiotherapy|dialysis|biopsy|"
      "procedure|arthrodesis|stent\\w*|bypass|amputation)\\b");
  return kProcedure.Search(lower_name);
}

bool AsksForConsent(const std::string& lower_text) {
  static const Pattern kConsent(
      // A rule of the protocol the patient will follow ("must discontinue
      // NSAIDs within one month of treatment initiation").
      "\\bmust (?:discontinue|stop|avoid|refrain|abstain)\\b|"
      "informed consent|\\bwilling|\\bunwilling|able to comply|\\bcomply with|\\bagree(?:s)? "
      "to|\\bconsent\\b|"
      "follow the (?:study|trial) (?:procedures|protocol)|(?<!non-)(?<!non )\\bcomplian(?:t|ce) "
      "with|"
      "\\b(?:is|are|be|participat\\w*)\\s+voluntar\\w*|\\bvoluntar(?:y|ily) (?:participat\\w*|"
      "enrol\\w*)");
  return kConsent.Search(lower_text);
}

// True when an inclusion criterion asks for something to be absent: "No
// history of malignancy", "Patients who have never received radioiodine",
// "are not pregnant", "without prior systemic therapy". Not bounds ("no
// more than 2 prior lines", "not later than") nor "no change in dose".
bool AsksForAnAbsence(const std::string& lower_text) {
  static const Pattern kAbsence(
      "^\\W*(?:(?:patients?|subjects?|participants?|women|men|females?|males?|persons?)\\s+)?"
      "(?:(?:who|that)\\s+)?(?:(?:must|should|will|to)\\s+)?"
      "(?:(?:have|has|had|be|are|is|was|were)\\s+)?(?:been\\s+)?"
      "(?:(?:no|never|without|free of|absence of)\\b"
      "(?!\\s*(?:more|less|later|earlier|fewer|greater|exceed\\w*|applicable|known)\\b)|"
      // "not" only before a history, a treatment or a pregnancy: "not
      // considered candidates for surgery" is a judgement, not an absence.
      "not\\s+(?:been\\s+)?(?:(?:currently|previously|yet|ever)\\s+)?(?:been\\s+)?(?:pregnant|"
      "breast|lactating|"
      "nursing|received|receiving|taking|treated|diagnosed|had|have|using|on\\b))");
  static const Pattern kChange("\\b(?:change|changes|adjust\\w*|modification)\\b");
  // "No remission was achieved after 1 cycle": an event to have had, not
  // an absence.
  static const Pattern kEvent(
      "\\b(?:was|were|has been|have been|had been)\\s+(?:\\w+\\s+)?(?:achieved|obtained|"
      "observed|seen|reached|documented|attained)\\b|\\bafter\\b");
  return kAbsence.Search(lower_text) && !kChange.Search(lower_text) && !kEvent.Search(lower_text);
}

bool AsksForTimeSince(const std::string& lower_text) {
  static const Pattern kSince(
      "^\\W*(?:(?:a\\s+)?(?:minimum|min\\.?)\\s+(?:of\\s+)?|at least\\s+|more than\\s+|>=?\\s*)"
      "(?:\\d+|one|two|three|four|five|six|eight|twelve)\\s*(?:days?|weeks?|months?|years?)\\s+"
      "(?:since|from|after|elapsed since)\\s+(?:the\\s+)?(?:(?:last|prior|previous|any|most "
      "recent)\\s+)*(?:dose\\s+of\\s+)?(?:major\\s+)?(?:surgery|operation|chemotherapy|"
      "radiotherapy|radiation|treatment|therapy|systemic therapy|immunotherapy|"
      "investigational\\s+\\w+)\\b");
  return kSince.Search(lower_text);
}

bool WordsATest(const std::string& lower_text) {
  static const Pattern kTest("\\b(?:negative|tests?|testing|tested|screen\\w*)\\b");
  return kTest.Search(lower_text);
}

bool AsksForDoseOrDuration(const std::string& lower_text) {
  static const Pattern kDose(
      "\\d\\s*(?:mg|mcg|ug|g|units?|iu)\\b|\\bhigh[- ]dose|\\bstable (?:dose|regimen)|"
      "\\bdose\\b[^.;]{0,30}\\d|\\bpack[- ]?y(?:ea)?rs?\\b|"
      // When it was diagnosed ("newly diagnosed with HIV"; user test: met
      // for a diagnosis of 2019).
      "\\b(?:newly|recently) diagnosed\\b|\\bnew(?:ly)?[- ]onset\\b|\\bnew diagnosis\\b|"
      "(?:at least|>=?|greater than(?: or equal to)?|more than|minimum of|for|longer than)\\s*"
      "(?:\\d+|one|two|three|four|six|twelve)\\s*(?:days?|weeks?|months?|years?)\\b");
  return kDose.Search(lower_text);
}

std::optional<double> AskedDurationMonths(const std::string& lower_text) {
  static const Pattern kAsked(
      "(?:at least|>=?|greater than(?: or equal to)?|more than|minimum "
      "of|for)\\s*(\\d+(?:\\.\\d+)?)"
      "\\s*(day|week|month|year)s?\\b");
  std::optional<double> shortest;
  for (const PatternMatch& m : kAsked.FindAll(lower_text)) {
    const double months = MonthsIn(std::strtod(m.str(1).c_str(), nullptr), m.view(2));
    if (!shortest || months < *shortest) shortest = months;
  }
  return shortest;
}

bool AsksForAFailure(const std::string& lower_text) {
  static const Pattern kFailure(
      "\\b(?:refractory|inadequate(?:ly)? respon\\w*|intoleran\\w*|failed|failure of|"
      "(?:insufficient|lack of|no|poor) response|relapsed? (?:after|on|despite))\\b");
  return kFailure.Search(lower_text);
}

// True when a criterion read for its age or sex says more than that:
// words other than those of age, sex, people and timing remain once the
// age and sex phrases read are taken out ("... presenting with a chronic
// subdural hematoma").
bool AsksMoreThanAgeAndSex(const Criterion& criterion) {
  std::string rest = NormalizeForMatching(criterion.text);
  for (const Constraint& c : criterion.constraints) {
    if (c.type != ConstraintType::kAge && c.type != ConstraintType::kSex) continue;
    if (const std::size_t at = c.evidence.empty() ? std::string::npos : rest.find(c.evidence);
        at != std::string::npos) {
      rest.replace(at, c.evidence.size(), " ");
    }
  }
  static const std::set<std::string, std::less<>> kAboutAgeAndSex = {
      "years",        "year",       "aged",       "ages",       "older",        "younger",
      "male",         "female",     "males",      "females",    "women",        "woman",
      "patients",     "patient",    "subjects",   "subject",    "participants", "participant",
      "adults",       "adult",      "children",   "child",      "both",         "sexes",
      "gender",       "genders",    "between",    "from",       "over",         "under",
      "than",         "equal",      "least",      "more",       "less",         "greater",
      "must",         "inclusive",  "time",       "screening",  "consent",      "signing",
      "signed",       "informed",   "inclusion",  "enrollment", "enrolment",    "visit",
      "study",        "entry",      "volunteers", "healthy",    "people",       "persons",
      "individuals",  "above",      "below",      "minimum",    "maximum",      "months",
      "month",        "weeks",      "days",       "birth",      "date",         "randomization",
      "registration", "boys",       "girls",      "unlimited",  "limit",        "limits",
      "range",        "regardless", "beyond",     "legal",      "majority",     "inclusively",
      "when",         "first",      "dose",       "agreeing",   "based",        "form",
      "forms",        "according",  "calculated", "determined", "defined",      "documented",
      "confirmed",    "written",    "sign",       "signs"};
  int others = 0;
  for (const std::string& word : SplitCriteriaWords(rest)) {
    if (word.size() < 4 || IsStopword(word) || kAboutAgeAndSex.count(word) > 0 ||
        std::isdigit(static_cast<unsigned char>(word[0]))) {
      continue;
    }
    if (++others >= 2) return true;
  }
  return false;
}

// True when a criterion asks for a measurement (a comparison with a number,
// a score or an index) rather than the diagnosis itself.
bool MeasuresTheCondition(const std::string& lower_text) {
  static const Pattern kMeasure(
      "(?:[<>]=?|\u2264|\u2265)\\s*\\d|\\b(?:score|index|scale|sledai|bilag|das28|"
      "titer|titre)\\b");
  return kMeasure.Search(lower_text);
}

// True when a criterion naming the patient's disease asks for more than
// the diagnosis: a stage, a marker or mutation, a treatment history ("ALK-
// positive NSCLC", "stage IV", "treatment-naive", "EGFR negative").
bool AsksMoreThanTheDiagnosis(const std::string& lower_text) {
  static const Pattern kMore(
      "\\b(?:stage|grade|positive|negative|mutation\\w*|mutant|rearrange\\w*|fusion|"
      "amplif\\w*|express\\w*|wild[- ]type|metasta\\w*|advanced|recurren\\w*|relaps\\w*|"
      "refractory|resistant|progress\\w*|(?:prior|previous\\w*) (?:\\w+ ){0,2}?(?:therap\\w*|"
      "treat\\w*|chemo\\w*|lines?|regimens?|systemic)|treated|treatment|therap\\w*|"
      "naive|untreated|measurable|newly|active|remission|resect\\w*|unresectable|operable|"
      // A severity ("mild to moderate UC", "moderately to severely active";
      // user test: met for a patient with a Mayo score of 3).
      "mild|mildly|moderate|moderately|severe|severely|"
      // How well it is controlled ("poorly controlled asthma"; second
      // helper of the fifth user test: met for well-controlled asthma).
      "uncontrolled|controlled|symptomatic|persistent|unstable|"
      "inoperable|candidate|scheduled|planned|undergoing|"
      // A serology or antibody the record may not give ("SLE with anti-
      // dsDNA antibody seropositivity").
      "sero-?positiv\\w*|sero-?negativ\\w*|antibod(?:y|ies))\\b");
  return kMore.Search(lower_text);
}

// Words of something to come ("planned", "scheduled", "candidate for"),
// as PCRE2 alternatives: what a patient's history does not speak to.
const char* const kPlannedWords =
    "planned|plans? to|scheduled|anticipated|expected to|will (?:undergo|need|require)|"
    "intends? to|candidate for";

// True when lower-case criterion text is about a treatment that is
// indicated, planned or required, not one that was had.
bool AboutWhatIsIndicated(const std::string& lower_text) {
  // Also a time counted from a treatment ("at least 2 weeks from major
  // surgery"), one to come ("age at HSCT <= 21", "remission before HSCT",
  // "performed in a participating centre") and fitness for one ("can
  // tolerate surgery", "medically cleared for surgery"): "No" to "Have you
  // had surgery?" settles none of them (user test of /match).
  static const Pattern kIndicated(
      std::string("\\b(?:") + kPlannedWords +
      "|indicat\\w* for|candidates? for|eligible for|suitable for|"
      "fit for|appropriate for|referred for|will receive|requir\\w*|"
      "at the time of|tolerat\\w*|cleared for|(?:weeks?|days?|months?) (?:from|since|after)|"
      "from (?:the )?(?:last |prior |previous |any )?(?:major )?surgery|age at|"
      "before (?:the )?(?:hsct|sct|transplant\\w*|surgery)|performed (?:in|at))\\b");
  return kIndicated.Search(lower_text);
}

// Words that make a mention of a condition in an exclusion more specific
// than the mention itself: "uncontrolled hypertension", "hypertension >
// 170/100 mm Hg". A patient known to have the condition may or may not
// meet them, so the record alone does not apply the exclusion.
bool QualifiesTheCondition(const std::string& lower_text) {
  static const Pattern kQualifier(
      "\\b(?:uncontroll\\w*|poorly controlled|severe|significant|unstable|decompensated|"
      "symptomatic|progressive|requiring|catastrophic|fulminant|refractory|life-threatening|"
      "recurrent|chronic|advanced|metastatic|recent(?:ly)?|heavy|excessive|"
      // "Active or history of": any time, no qualifier.
      "active(?!\\s+or\\s+(?:a\\s+)?(?:history|past|prior|previous))|"
      "grade\\s*[2-5iv]|class\\s*[2-4iv]|stage\\s*[2-4iv])\\b|"
      // "SLE with anti-dsDNA antibody seropositivity": a marker the record
      // may not give (user test: applied to every lupus patient).
      "\\bseropositiv|\\bwith\\b[^.;]{0,40}\\b(?:antibod\\w*|auto-?antibod\\w*)\\b|"
      "(?:[<>]=?|greater than|less than|more than|above|below|at least|"
      "exceed\\w*)\\s*\\d");
  return kQualifier.Search(lower_text);
}

bool AvoidsPregnancy(const std::string& lower_text) {
  static const Pattern kAvoids(
      "\\bnegative\\b[^.;]{0,30}\\bpregnan|\\bpregnan\\w*\\s+tests?\\b[^.;]{0,30}\\bnegative|"
      "contracept|birth control|\\babstinen|\\bavoid\\w*\\b[^.;]{0,30}\\bpregnan|"
      "\\bprevent\\w*\\b[^.;]{0,30}\\bpregnan|\\bnon-?pregnant|"
      "\\b(?:not|no longer)\\s+(?:be\\s+|currently\\s+)?pregnant|"
      "(?:childbearing|child-bearing|reproductive) potential");
  return kAvoids.Search(lower_text);
}

bool PregnancyOtherThanNow(const std::string& lower_text) {
  static const Pattern kOtherThanNow(
      "\\b(?:desir\\w*|wish\\w*|plan\\w*|intend\\w*|intention|trying|hop\\w*)\\b[^.;]{0,30}"
      "\\b(?:pregnan|conceiv)|\\bpregnan\\w*[- ](?:morbidity|loss\\w*|complication\\w*|outcomes?|"
      "related|induced|associated|histor\\w*)|\\b(?:previous|prior|past|history of|earlier)\\s+"
      "(?:\\w+\\s+)?pregnan");
  return kOtherThanNow.Search(lower_text);
}

// True when an age in the criterion is a condition on another part ("if
// aged >= 18 years", "for patients >= 16 years old", "0 to 3 for
// participants >= 60 to 74 years of age"), not a requirement of its own.
bool AgeChoosesTheRule(const std::string& lower_text) {
  // Also without a unit after "age" ("for patients age 11 to 21", "for
  // adolescent boys aged 13-21"; physician user test: a 9-year-old failed
  // rows for older children).
  static const Pattern kConditionalAge(
      "\\b(?:if|for|in|when)\\s+(?:(?:patients?|participants?|subjects?|those|children|"
      "adults|people)\\s+)?(?:(?:are|who are|aged?|of age)\\s+)?(?:[<>]=?|\\d)[^.;]{0,20}?"
      "\\b(?:years?|yrs?|months?)\\b|"
      "\\b(?:if|for|in|when)\\s+(?:\\w+\\s+){0,2}?(?:aged?|ages)\\s+(?:[<>]=?\\s*)?\\d+"
      "(?:\\s*(?:-|to)\\s*\\d+)?");
  return kConditionalAge.Search(lower_text);
}

// A criterion left to the investigator ("in the investigator's judgment"):
// no record decides it.
bool LeftToTheInvestigator(const std::string& lower_text) {
  // Also another clinician's ("In the opinion of the provider, HbA1c goals
  // should be adjusted ..."; second user test: it excluded everyone the
  // trial takes).
  static const Pattern kJudgment(
      "(?:investigator|physician|provider|clinician|doctor|pi)'?s? (?:judg|opinion|discretion)|"
      "(?:judg\\w*|opinion|discretion) of the (?:\\w+ )?(?:investigator|physician|study doctor|"
      "provider|clinician|treating doctor|doctor|pi)|(?:investigator|physician|provider|clinician) "
      "(?:judges|considers|believes|deems)");
  return kJudgment.Search(lower_text);
}

bool AsksForATestResult(const std::string& lower_text) {
  // A molecular marker (NamesAMolecularMarker), or another result a test
  // gives.
  static const Pattern kTest(
      "\\b(?:insertions?|variants?|alterations?|over-?expression|expression|qtc\\w*|"
      "qt interval|ecg|ekg|electrocardiogra\\w*|mri|ct scan|pet|imaging|biopsy|serolog\\w*|"
      "seropositiv\\w*|seronegativ\\w*|antibod\\w*|antigen|titer|titre|pcr|"
      "(?:lab|laboratory) (?:values?|results?|tests?))\\b");
  return NamesAMolecularMarker(lower_text) || kTest.Search(lower_text);
}

bool ForPeopleWhoHaveIt(const std::string& lower_text) {
  static const Pattern kRule(
      "^\\W*(?:\\w+\\s+){0,2}?(?:participants?|patients?|subjects?|people|persons?|"
      "individuals?|those)\\s+(?:with|who\\s+(?:have|has|had|are|is))\\b[^.;:]{1,80}?\\b"
      "(?:are|is|will|may|can)\\s+(?:also\\s+)?(?:be\\s+)?(?:eligible|allowed|permitted|included|"
      "enrolled)\\b|"
      // "For patients with evidence of chronic HBV infection, the viral load
      // must be ...", "If hepatitis B positive, must be on antiviral therapy"
      // (user test: "No" to HBV failed both).
      "^\\W*(?:for|in)\\s+(?:the\\s+)?(?:participants?|patients?|subjects?|people|persons?|"
      "individuals?|those)\\s+(?:with|who\\s+(?:have|has|had|are|is))\\b|"
      "^\\W*if\\b|"
      // "HBsAg-positive are eligible if ...", "Prior surgery is allowed if
      // ...": a permission with its condition.
      "\\b(?:are|is|will|may|can)\\s+(?:also\\s+)?(?:be\\s+)?(?:eligible|allowed|permitted|"
      "included|enrolled)\\s+(?:if|provided|as long as|when|only if)\\b");
  return kRule.Search(lower_text);
}

bool StatesAnExclusion(const std::string& lower_text) {
  static const Pattern kExcluded(
      "\\b(?:are|is|will be|shall be)\\s+(?:excluded|ineligible|not eligible|not allowed|"
      "not permitted)\\b(?!\\s+(?:for|to)\\b)|\\bwill not be (?:eligible|included|enrolled)\\b");
  return kExcluded.Search(lower_text);
}

bool OpensWithAGroupLabel(const std::string& lower_text) {
  static const Pattern kLabel(
      "^\\W*(?:[\\w/+-]+\\s+){0,5}?(?:arms?|cohorts?|parts?|groups?|subgroups?|"
      "populations?)\\b[^:.;]{0,50}:|"
      "^\\W*for\\s+(?:the\\s+)?(?:adults?|children|pediatric|paediatric|adolescents?|"
      "infants?|patients?|participants?|subjects?|women|men|those|cohort|arm|part)\\b");
  return kLabel.Search(lower_text);
}

bool NamesAMolecularMarker(const std::string& lower_text) {
  static const Pattern kMarker(
      "\\b(?:mutat\\w*|mutant|fusions?|rearrange\\w*|amplifi\\w*|deletions?|"
      "translocat\\w*|wild[- ]type)\\b");
  return kMarker.Search(lower_text);
}

bool NamesWhatItsLabsDefine(const std::string& lower_text) {
  // Where a definition starts: a parenthesis or a defining phrase.
  static const Pattern kDefinition(
      "\\(|\\b(?:as|was|were|is)\\s+(?:shown|defined|evidenced|measured|indicated|"
      "documented)\\b|\\bdefined\\s+(?:as|by)\\b");
  const std::optional<PatternMatch> at = kDefinition.Find(lower_text);
  if (!at) return false;
  // Words that describe lab values rather than name a condition.
  static const Pattern kLabWords(
      "^(?:patients?|subjects?|participants?|with|having|any|known|history|of|abnormal|"
      "elevated|raised|high|low|increased|decreased|reduced|blood|serum|plasma|urine|counts?|"
      "values?|levels?|laboratory|lab|tests?|results?|screening|clinical|significant|"
      "clinically|the|a|an|and|or|in|at|\\d\\S*)$");
  std::size_t begin = 0;
  const std::string before = lower_text.substr(0, at->position());
  while (begin < before.size()) {
    std::size_t end = before.find_first_of(" ,;:", begin);
    if (end == std::string::npos) end = before.size();
    const std::string word = before.substr(begin, end - begin);
    if (word.size() > 2 && !kLabWords.Search(word)) return true;
    begin = end + 1;
  }
  return false;
}

}  // namespace trialfinder
