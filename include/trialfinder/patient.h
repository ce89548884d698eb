// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A patient as matching sees one: demographics, conditions (present or
// explicitly absent), labs, scores, treatments, pregnancy and infections.
// It comes from structured JSON, from a free-text case description, or
// both (the text fills in what the structure leaves out).
//
// Facts are tri-state where it matters: a condition listed with
// `present: false` ("denies smoking") is known to be absent, which is not
// the same as a condition never mentioned.

#ifndef TRIALFINDER_PATIENT_H_
#define TRIALFINDER_PATIENT_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trialfinder/criteria.h"
#include "trialfinder/status.h"

namespace trialfinder {

// A condition, finding, infection or habit: "systemic lupus erythematosus",
// "chest pain", "HIV", "smoking".
struct PatientCondition {
  std::string name;       // lower case, as written or as the lexicon names it
  bool present = true;    // false: explicitly absent ("no history of ...")
  std::string diagnosed;  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; may be empty
  std::string evidence;   // the words it was read from (free text) or "record"
  // Present in the past and over, as the record says ("no longer have
  // cancer", "in remission", "cured"): a history of it, not a current one.
  // Not inferred from time alone: "had breast cancer 10 years ago" is not
  // said to be over.
  bool resolved = false;
};

struct PatientLab {
  std::string name;  // canonical name: "hemoglobin", "eGFR", "anti-dsDNA"
  std::optional<double> value;
  std::string unit;
  std::optional<bool> positive;  // qualitative results: "anti-dsDNA positive"
  std::string evidence;
};

struct PatientScore {
  std::string name;  // "SLEDAI-2K", "ECOG", "BILAG-A"
  double value = 0;
  std::string evidence;
};

// Whether a treatment is taken now, as far as the record says. kNotSaid is
// neither: criteria about current use stay open for it.
enum class TreatmentTiming { kNotSaid, kCurrent, kPast };

struct PatientTreatment {
  std::string name;  // lower case: "mycophenolate mofetil", "car-t"
  TreatmentTiming timing = TreatmentTiming::kNotSaid;
  std::optional<double> duration_months;
  // "failed" (inadequate response, refractory, relapse), "intolerant",
  // "never received" (the record says it was never given), or empty.
  std::string response;
  std::string evidence;
};

// A cancer's stage as the record gives it: usually at diagnosis (a cancer
// may have spread since, which matching keeps in mind).
struct PatientStage {
  std::string group;    // AJCC stage group: "IIIB", "IV"; "" when not given
  std::string t, n, m;  // TNM categories: "T2a", "N1", "M0"; "" when not given
  std::string evidence;
};

struct Patient {
  std::optional<double> age_years;
  std::string sex;  // "FEMALE", "MALE" or "" when not known
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::vector<PatientCondition> conditions;
  std::vector<PatientLab> labs;
  std::vector<PatientScore> scores;
  std::vector<PatientTreatment> treatments;
  // True when the record says there are no current medications.
  bool no_current_treatments = false;
  // True when the person says they have no medical conditions ("healthy":
  // true in JSON; "I am healthy", "no medical conditions" in free text): a
  // disease no criterion finds in the record is then taken as absent, and
  // studies of healthy volunteers are about them. Conditions listed as
  // present still count.
  bool healthy = false;
  std::optional<PatientStage> stage;
  std::optional<bool> pregnant;
  std::optional<bool> breastfeeding;
  // Willing to give informed consent and follow a trial's visits.
  std::optional<bool> consents;
  // The free-text description, if one was given.
  std::string description;
  // Question keys the person answered "I don't know" (ApplyAnswer).
  std::vector<std::string> unsure;
  // True when the free text speaks of other people ("my mother had breast
  // cancer", "family history of diabetes"): what it says of them is not
  // the patient's, and a page can say so.
  bool mentions_other_people = false;
  // The writer's word for the person the free text is about when it is
  // someone else ("son" in "My son has asthma"); empty when it is the
  // writer. The text's mentions of that word are the patient's.
  std::string described_relation;

  // The condition named `name` (exact, lower case), or nullptr.
  const PatientCondition* FindCondition(std::string_view name) const;
};

// Reads free-text case descriptions ("A 58-year-old woman presents with
// chest pain ... She denies smoking ...") into a Patient: age, sex,
// pregnancy, conditions and findings with negation, labs, scores and
// treatments with their response. The reading is pattern-based: it does
// NOT promise to find everything a clinician would, and what it misses is
// left unknown rather than guessed.
class CaseReader {
 public:
  // `lexicon` names the conditions and drugs to look for (the shipped lists
  // and, when built from the store, every registry condition and drug).
  explicit CaseReader(const CriteriaLexicon& lexicon) : lexicon_(lexicon) {}

  // Adds what `text` says to `patient`; facts already set are kept.
  void Read(std::string_view text, Patient& patient) const;

 private:
  const CriteriaLexicon& lexicon_;
};

// Parses a patient given as JSON:
//   {"age": 45, "sex": "FEMALE", "location": {"lat": 47.6, "lon": -122.3},
//    "conditions": [{"name": "systemic lupus erythematosus", "diagnosed": "2019-03"},
//                   {"name": "smoking", "present": false}],
//    "labs": [{"name": "hemoglobin", "value": 11.2, "unit": "g/dL"},
//             {"name": "anti-dsDNA", "positive": true}],
//    "scores": [{"name": "SLEDAI-2K", "value": 8}],
//    "treatments": [{"name": "belimumab", "status": "past", "durationMonths": 6,
//                    "response": "failed"}],
//    "stage": {"group": "IIIB", "t": "T3", "n": "N2", "m": "M0"},  (or "stage": "IIIB")
//    "pregnant": false, "breastfeeding": false, "consents": true,
//    "infections": [{"name": "HIV", "present": false}],
//    "description": "free text, read with `reader` when given"}
// Every field is optional; "age" may also be "45 years". Unknown fields and
// wrong types are InvalidArgument errors naming the field. Repeated
// condition and treatment names count once (the first stands); more than
// 30 distinct conditions (with infections), 60 labs, scores or
// treatments, names over 200 characters or a description over 40,000 are
// refused: they bound the work of one match.
Result<Patient> ParsePatientJson(std::string_view json, const CaseReader& reader);

// The patient's lab values matching compares with nothing, because their
// unit is not one it knows: "labs[2] (hemoglobin): unit 'bananas' is not
// one matching knows; this value is compared with no criterion" (for a
// FHIR Bundle, the Observation instead of labs[2]). Empty
// when every value's unit is known or not given. Values without a unit
// are not listed: some tests have one unit in use and are read.
std::vector<std::string> UnknownLabUnits(const Patient& patient);

// A patient read from a FHIR R4 Bundle, and what of it was not understood.
struct FhirPatient {
  Patient patient;
  std::string id;  // the Patient resource's id; empty when the Bundle has none
  // "Observation/bp1: code 8480-6 (Systolic blood pressure) is not one
  // matching reads": each resource, or part, left out. Nothing in it is
  // used; a match on such a patient is on the rest only.
  std::vector<std::string> not_understood;
};

// Whether `json` is a FHIR resource: an object with "resourceType".
bool LooksLikeFhir(std::string_view json);

// Reads a FHIR R4 Bundle holding one patient's resources: Patient (birth
// date -> age on `today`, gender), Condition (code text or display,
// clinical and verification status, onset), Observation (labs by LOINC
// code or display with valueQuantity, coded and interpreted results, ECOG
// and Karnofsky, pregnancy status and hCG tests, mCODE's TNM stage group
// and categories), a Condition's stage summary, MedicationStatement,
// MedicationRequest and MedicationAdministration (current or past by
// status), Procedure (past treatments), AllergyIntolerance (allergy to a
// substance); the mCODE profiles are these resources too. Codes are read
// through data/lexicon/fhir-codes.tsv and else by their display text: no
// terminology server is asked. A resolved condition is read as history
// (present), an entered-in-error or refuted one is left out or absent.
// Refused (InvalidArgument naming the resource): a body that is not a
// Bundle, resources of several patients, references to a patient the
// Bundle does not hold, more than 5,000 entries, absurd values (a birth
// date in the future, a lab value that is not finite). Narrative text
// (Condition.note, Resource.text) is not read.
Result<FhirPatient> ParseFhirPatientBundle(std::string_view json,
                                           std::chrono::year_month_day today);

// The patient as JSON in the shape ParsePatientJson reads (infections are
// listed among the conditions).
std::string PatientToJson(const Patient& patient, int indent = -1);

}  // namespace trialfinder

#endif  // TRIALFINDER_PATIENT_H_
