// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What the words of a criterion ask, read from its lower-case text (as
// NormalizeForMatching gives it): consent, an absence, a measurement,
// something planned, a qualifier, the investigator's judgment. Each is a
// pattern over the wording, not an understanding of it: a criterion worded
// otherwise is not recognised, and the judge then leaves it unknown or
// reads it by its constraints. Private to src/match/.

#ifndef TRIALFINDER_MATCH_CRITERION_WORDING_H_
#define TRIALFINDER_MATCH_CRITERION_WORDING_H_

#include <optional>
#include <string>

#include "trialfinder/criteria.h"

namespace trialfinder {

// A procedure's name, lower case: surgery, transplant, fusion, "...ectomy",
// radiation, dialysis, biopsy. A history of one is something done, not a
// form of a disease.
bool IsProcedureName(const std::string& lower_name);

// Consent, willingness, compliance or voluntary participation ("able to
// give informed consent", "compliant with protocol procedures"); not
// "non-compliance".
bool AsksForConsent(const std::string& lower_text);

// An inclusion asking for something to be absent: "No history of
// malignancy", "Patients who have never received radioiodine", "are not
// pregnant", "without prior systemic therapy". Not bounds ("no more than 2
// prior lines", "not later than"), "no change in dose", "not considered
// candidates for surgery" (a judgement), nor an event to have had ("No
// remission was achieved after 1 cycle").
bool AsksForAnAbsence(const std::string& lower_text);

// True when an inclusion asks for time since a treatment or surgery ("At
// least 4 weeks since prior chemotherapy", "Minimum of two weeks since any
// major surgery"): someone who never had it meets it, as someone without a
// history meets "No history of ...".
bool AsksForTimeSince(const std::string& lower_text);

// True when criterion text words a test without naming its kind
// ("negative", "test", "testing", "tested", "screening"); see also
// AsksForATestResult for the kinds.
bool WordsATest(const std::string& lower_text);

// True when criterion text asks for a dose or a duration of a treatment or
// condition ("prednisone > 10 mg/day", "high-dose steroids", "stable for at
// least 90 days", "diagnosed >= 180 days before screening", "> 2 years"),
// which a record naming the treatment or condition alone does not settle.
bool AsksForDoseOrDuration(const std::string& lower_text);

// The shortest use a criterion asks for, in months ("for at least 3
// months" 3, "for >= 12 weeks" 2.76); nullopt when it names none.
std::optional<double> AskedDurationMonths(const std::string& lower_text);

// True when criterion text asks for a failure or intolerance
// ("refractory to", "inadequate response", "intolerance to"): a
// treatment the record says failed was used long enough for that.
bool AsksForAFailure(const std::string& lower_text);

// True when a criterion read for its age or sex says more than that: two
// or more words other than those of age, sex, people and timing remain once
// the age and sex phrases read are taken out ("... presenting with a
// chronic subdural hematoma").
bool AsksMoreThanAgeAndSex(const Criterion& criterion);

// An inclusion whose pregnancy wording asks for none: a negative pregnancy
// test, contraception, "not pregnant", women "of childbearing potential"
// (who must then avoid it). Not "pregnant women", "currently pregnant".
bool AvoidsPregnancy(const std::string& lower_text);

// A pregnancy other than one now: wished for or planned ("desire for
// pregnancy within 6 months", "planning to conceive"), or past or its
// outcome ("pregnancy morbidity", "prior pregnancy loss"). Not being
// pregnant now does not fail it.
bool PregnancyOtherThanNow(const std::string& lower_text);

// A measurement (a comparison with a number, a score or an index) rather
// than the diagnosis itself.
bool MeasuresTheCondition(const std::string& lower_text);

// A criterion naming the patient's disease that asks for more than the
// diagnosis: a stage, a marker or mutation, a treatment history ("ALK-
// positive NSCLC", "stage IV", "treatment-naive", "EGFR negative").
bool AsksMoreThanTheDiagnosis(const std::string& lower_text);

// Words of something to come ("planned", "scheduled", "candidate for"),
// as PCRE2 alternatives: what a patient's history does not speak to.
extern const char* const kPlannedWords;

// A treatment that is indicated, planned or required, not one that was had.
bool AboutWhatIsIndicated(const std::string& lower_text);

// Words that make a mention of a condition more specific than the mention
// itself: "uncontrolled hypertension", "hypertension > 170/100 mm Hg".
bool QualifiesTheCondition(const std::string& lower_text);

// An age that is a condition on another part ("if aged >= 18 years", "for
// patients >= 16 years old"), not a requirement of its own.
bool AgeChoosesTheRule(const std::string& lower_text);

// Whether the criterion asks about something a test shows: a molecular
// marker ("EGFR mutation", "ALK fusion", "HER2 amplification", "PD-L1
// expression"), an ECG, imaging or lab finding ("QTcF prolongation",
// "on MRI", "seropositive"). Words only; not what the test found.
bool AsksForATestResult(const std::string& lower_text);

// Whether the criterion permits people who have something, under its
// conditions: "Patients with HIV are eligible if ...", "Participants with
// a history of hepatitis B may be enrolled if ...". Not a requirement
// ("Patients with NSCLC must have measurable disease" is everyone's).
// Also a rule opened by "For patients with ..." or "If ...", and a
// permission with its condition anywhere ("HBsAg-positive are eligible if").
bool ForPeopleWhoHaveIt(const std::string& lower_text);

// Whether an inclusion says whom it excludes ("patients that are pregnant
// or breast feeding are excluded", "... will not be eligible", "is not
// allowed"): it is judged as an exclusion. Not "not eligible for" a
// treatment, which is a state the patient is in.
bool StatesAnExclusion(const std::string& lower_text);

// Whether the criterion opens by naming the group of the trial it is for:
// a label before a colon ("Adult arm:", "Pediatric arm only:", "Cohort
// B:", "Part 2 and escalation:") or "For adults/children/patients ...".
bool OpensWithAGroupLabel(const std::string& lower_text);

// Whether the criterion names a molecular marker of a disease: a
// mutation, fusion, rearrangement, amplification, deletion, translocation
// or wild type ("KRAS G12D mutation", "ALK-rearranged", "EGFR wild-type").
bool NamesAMolecularMarker(const std::string& lower_text);

// Whether a criterion whose constraints are lab values names, before them,
// a condition they define: "severe renal impairment (creatinine > 3
// mg/dL)", "impaired renal function, as shown by creatinine clearance <=
// 25 mL/min"; not "WBC > 15000", "serum creatinine > 1.28 mg/dl", nor
// "abnormal blood counts (hemoglobin < 12 g/dl, ...)", whose words before
// the values are lab words themselves.
bool NamesWhatItsLabsDefine(const std::string& lower_text);

// Left to the investigator ("in the investigator's judgment"): no record
// decides it.
bool LeftToTheInvestigator(const std::string& lower_text);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_CRITERION_WORDING_H_
