// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "trialfinder/patient.h"

namespace trialfinder {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr std::chrono::year_month_day kToday{std::chrono::year(2026), std::chrono::month(12),
                                             std::chrono::day(2)};

json Entry(json resource) { return json{{"resource", std::move(resource)}}; }

json Coded(const std::string& system, const std::string& code, const std::string& display) {
  return json{
      {"coding", json::array({{{"system", system}, {"code", code}, {"display", display}}})}};
}

json Bundle(std::vector<json> resources) {
  json entries = json::array();
  for (json& resource : resources) entries.push_back(Entry(std::move(resource)));
  return json{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}};
}

json Subject() { return json{{"reference", "Patient/p1"}}; }

// A woman of 34 with lupus, two medicines that failed, anti-dsDNA
// positive, not pregnant, ECOG 1, hemoglobin 11.2 g/dL, and things
// matching does not read.
json LupusBundle() {
  return Bundle({
      {{"resourceType", "Patient"},
       {"id", "p1"},
       {"gender", "female"},
       {"birthDate", "1992-05-01"}},
      {{"resourceType", "Condition"},
       {"id", "c1"},
       {"subject", Subject()},
       {"code", Coded("http://snomed.info/sct", "55464009", "Systemic lupus erythematosus")},
       {"onsetDateTime", "2019-03-04T00:00:00Z"}},
      {{"resourceType", "Condition"},
       {"id", "c2"},
       {"subject", Subject()},
       {"code", {{"text", "Hepatitis B"}}},
       {"verificationStatus", Coded("", "refuted", "Refuted")}},
      {{"resourceType", "Condition"},
       {"id", "c3"},
       {"subject", Subject()},
       {"code", {{"text", "Tuberculosis"}}},
       {"verificationStatus", Coded("", "entered-in-error", "")}},
      {{"resourceType", "MedicationStatement"},
       {"id", "m1"},
       {"subject", Subject()},
       {"status", "completed"},
       {"medicationCodeableConcept", {{"text", "Hydroxychloroquine"}}},
       {"statusReason", json::array({{{"text", "Treatment failure"}}})}},
      {{"resourceType", "MedicationRequest"},
       {"id", "m2"},
       {"subject", Subject()},
       {"status", "active"},
       {"medicationCodeableConcept", {{"text", "Prednisone"}}}},
      {{"resourceType", "Observation"},
       {"id", "o1"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", Coded("http://loinc.org", "5130-0", "DNA double strand Ab")},
       {"valueCodeableConcept", Coded("http://snomed.info/sct", "10828004", "Positive")}},
      {{"resourceType", "Observation"},
       {"id", "o2"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", Coded("http://loinc.org", "82810-3", "Pregnancy status")},
       {"valueCodeableConcept", Coded("http://snomed.info/sct", "60001007", "Not pregnant")}},
      {{"resourceType", "Observation"},
       {"id", "o3"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", Coded("http://loinc.org", "89247-1", "ECOG performance status")},
       {"valueCodeableConcept", Coded("http://loinc.org", "LA9623-5", "Restricted")}},
      {{"resourceType", "Observation"},
       {"id", "o4"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", Coded("http://loinc.org", "718-7", "Hemoglobin [Mass/volume] in Blood")},
       {"valueQuantity", {{"value", 11.2}, {"unit", "g/dL"}}}},
      {{"resourceType", "Observation"},
       {"id", "o5"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "0000-0"}}})}}},
       {"valueQuantity", {{"value", 3}}}},
      {{"resourceType", "Procedure"},
       {"id", "pr1"},
       {"subject", Subject()},
       {"status", "completed"},
       {"code", {{"text", "Kidney biopsy"}}}},
      {{"resourceType", "AllergyIntolerance"},
       {"id", "a1"},
       {"patient", Subject()},
       {"code", {{"text", "Penicillin"}}}},
      {{"resourceType", "Encounter"}, {"id", "e1"}, {"subject", Subject()}},
      {{"resourceType", "Condition"},
       {"id", "c4"},
       {"subject", Subject()},
       {"code", {{"text", "Breast cancer"}}},
       {"clinicalStatus", Coded("", "resolved", "Resolved")}},
  });
}

TEST(FhirPatientTest, ReadsAPatientsResources) {
  Result<FhirPatient> read = ParseFhirPatientBundle(LupusBundle().dump(), kToday);
  ASSERT_TRUE(read.ok()) << read.status().message();
  const Patient& patient = read->patient;
  EXPECT_EQ(patient.sex, "FEMALE");
  EXPECT_EQ(patient.age_years, 34);
  const PatientCondition* lupus = patient.FindCondition("systemic lupus erythematosus");
  ASSERT_NE(lupus, nullptr);
  EXPECT_TRUE(lupus->present);
  EXPECT_EQ(lupus->diagnosed, "2019-03-04");
  ASSERT_NE(patient.FindCondition("hepatitis b"), nullptr);
  EXPECT_FALSE(patient.FindCondition("hepatitis b")->present);  // refuted: known absent
  // Resolved: had, and over.
  ASSERT_NE(patient.FindCondition("breast cancer"), nullptr);
  EXPECT_TRUE(patient.FindCondition("breast cancer")->present);
  EXPECT_TRUE(patient.FindCondition("breast cancer")->resolved);
  EXPECT_FALSE(patient.FindCondition("systemic lupus erythematosus")->resolved);
  EXPECT_EQ(patient.FindCondition("tuberculosis"), nullptr);  // entered in error
  ASSERT_NE(patient.FindCondition("allergy to penicillin"), nullptr);
  ASSERT_EQ(patient.treatments.size(), 3u);
  EXPECT_EQ(patient.treatments[0].name, "hydroxychloroquine");
  EXPECT_NE(patient.treatments[0].timing, TreatmentTiming::kCurrent);
  EXPECT_EQ(patient.treatments[0].response, "failed");
  EXPECT_EQ(patient.treatments[1].timing, TreatmentTiming::kCurrent);  // prednisone, active
  EXPECT_EQ(patient.treatments[2].name, "kidney biopsy");
  EXPECT_EQ(patient.pregnant, false);
  ASSERT_EQ(patient.scores.size(), 1u);
  EXPECT_EQ(patient.scores[0].name, "ECOG");
  EXPECT_EQ(patient.scores[0].value, 1);
  ASSERT_EQ(patient.labs.size(), 2u);
  EXPECT_EQ(patient.labs[0].name, "anti-dsDNA");
  EXPECT_EQ(patient.labs[0].positive, true);
  EXPECT_EQ(patient.labs[1].name, "hemoglobin");
  EXPECT_EQ(patient.labs[1].value, 11.2);
  // What was left out is said, by resource.
  ASSERT_EQ(read->not_understood.size(), 2u);
  EXPECT_NE(read->not_understood[0].find("Observation/o5"), std::string::npos);
  EXPECT_NE(read->not_understood[1].find("Encounter/e1"), std::string::npos);
}

std::string ErrorOf(const json& body) {
  Result<FhirPatient> read = ParseFhirPatientBundle(body.dump(), kToday);
  EXPECT_FALSE(read.ok()) << body.dump().substr(0, 200);
  return read.ok() ? "" : read.status().message();
}

TEST(FhirPatientTest, BadBundlesAreRefusedNamingTheResource) {
  EXPECT_NE(ErrorOf({{"resourceType", "Patient"}}).find("must be a Bundle, not a Patient"),
            std::string::npos);
  EXPECT_NE(ErrorOf({{"name", "x"}}).find("without resourceType"), std::string::npos);
  json two = LupusBundle();
  two["entry"].push_back(Entry({{"resourceType", "Patient"}, {"id", "p2"}}));
  EXPECT_NE(ErrorOf(two).find("several patients (Patient/p1, Patient/p2)"), std::string::npos);
  json stranger = LupusBundle();
  stranger["entry"][1]["resource"]["subject"]["reference"] = "Patient/p9";
  EXPECT_NE(ErrorOf(stranger).find("Condition/c1: its subject Patient/p9 is not the Bundle's"),
            std::string::npos);
  json unborn = LupusBundle();
  unborn["entry"][0]["resource"]["birthDate"] = "2030-01-01";
  EXPECT_NE(ErrorOf(unborn).find("Patient/p1.birthDate: '2030-01-01' is in the future"),
            std::string::npos);
  json coded_gender = LupusBundle();
  coded_gender["entry"][0]["resource"]["gender"] = "F";
  EXPECT_NE(ErrorOf(coded_gender).find("Patient/p1.gender: \"F\" is not male, female"),
            std::string::npos);
  json negative = LupusBundle();
  negative["entry"][9]["resource"]["valueQuantity"]["value"] = -5;
  EXPECT_NE(ErrorOf(negative).find("Observation/o4: its value -5 is negative"), std::string::npos);
  std::string deep = "{\"resourceType\": \"Bundle\", \"x\": ";
  for (int i = 0; i < 100; ++i) deep += "[";
  Result<FhirPatient> read = ParseFhirPatientBundle(deep, kToday);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("nests deeper"), std::string::npos);
  EXPECT_FALSE(ParseFhirPatientBundle("not json", kToday).ok());
}

TEST(FhirPatientTest, ReadsWhatEhrsExportAsTheyExportIt) {
  json bundle = Bundle({
      {{"resourceType", "Patient"}, {"id", "p1"}, {"gender", "female"}, {"birthDate", "1970"}},
      // SNOMED CT's display, with its semantic tag.
      {{"resourceType", "Condition"},
       {"id", "c1"},
       {"subject", Subject()},
       {"code",
        Coded("http://snomed.info/sct", "254837009", "Malignant neoplasm of breast (disorder)")}},
      // A series: the latest result stands, whatever the order.
      {{"resourceType", "Observation"},
       {"id", "new"},
       {"subject", Subject()},
       {"status", "final"},
       {"effectiveDateTime", "2026-01-05"},
       {"code", Coded("http://loinc.org", "718-7", "Hemoglobin")},
       {"valueQuantity", {{"value", 11.2}, {"unit", "g/dL"}}}},
      {{"resourceType", "Observation"},
       {"id", "old"},
       {"subject", Subject()},
       {"status", "final"},
       {"effectiveDateTime", "2010-01-05"},
       {"code", Coded("http://loinc.org", "718-7", "Hemoglobin")},
       {"valueQuantity", {{"value", 7.0}, {"unit", "g/dL"}}}},
      // A bound is no value; UCUM's count unit is the criteria's.
      {{"resourceType", "Observation"},
       {"id", "bound"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", Coded("http://loinc.org", "1742-6", "ALT")},
       {"valueQuantity", {{"value", 20}, {"comparator", "<"}, {"unit", "U/L"}}}},
      {{"resourceType", "Observation"},
       {"id", "anc"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", Coded("http://loinc.org", "751-8", "Neutrophils")},
       {"valueQuantity", {{"value", 2.1}, {"unit", "10*3/uL"}, {"code", "10*3/uL"}}}},
      // A referenced Medication; a proposal is not taken.
      {{"resourceType", "Medication"},
       {"id", "med1"},
       {"code", Coded("http://www.nlm.nih.gov/research/umls/rxnorm", "1", "Tamoxifen 20 MG")}},
      {{"resourceType", "MedicationRequest"},
       {"id", "m1"},
       {"subject", Subject()},
       {"status", "active"},
       {"intent", "order"},
       {"medicationReference", {{"reference", "Medication/med1"}}}},
      {{"resourceType", "MedicationRequest"},
       {"id", "m2"},
       {"subject", Subject()},
       {"status", "active"},
       {"intent", "proposal"},
       {"medicationCodeableConcept", {{"text", "Letrozole"}}}},
  });
  Result<FhirPatient> read = ParseFhirPatientBundle(bundle.dump(), kToday);
  ASSERT_TRUE(read.ok()) << read.status().message();
  const Patient& patient = read->patient;
  EXPECT_NE(patient.FindCondition("malignant neoplasm of breast"), nullptr);
  EXPECT_NE(patient.FindCondition("breast cancer"), nullptr);
  ASSERT_EQ(patient.labs.size(), 2u);
  EXPECT_EQ(patient.labs[0].name, "hemoglobin");
  EXPECT_EQ(patient.labs[0].value, 11.2);
  EXPECT_EQ(patient.labs[1].unit, "10^9/L");
  ASSERT_EQ(patient.treatments.size(), 1u);
  EXPECT_EQ(patient.treatments[0].name, "tamoxifen 20 mg");
  EXPECT_EQ(patient.treatments[0].timing, TreatmentTiming::kCurrent);
  std::string notes;
  for (const std::string& note : read->not_understood) notes += note + "\n";
  EXPECT_NE(notes.find("Observation/bound: its value is a bound (< 20)"), std::string::npos)
      << notes;
  EXPECT_NE(notes.find("MedicationRequest/m2: a proposal is not a medication taken"),
            std::string::npos)
      << notes;
  EXPECT_EQ(notes.find("Medication/med1"), std::string::npos) << notes;  // read through m1
}

// Physician user test: common LOINC codes were left out without a word
// (HbA1c in mmol/mol, creatinine in umol/L, UACR, HBsAg, systolic BP).
TEST(FhirPatientTest, ReadsKidneyDiabetesInfectionAndBloodPressureCodes) {
  const auto observation = [](const std::string& id, const std::string& code, json value) {
    json resource = {{"resourceType", "Observation"},
                     {"id", id},
                     {"status", "final"},
                     {"subject", Subject()},
                     {"code", Coded("http://loinc.org", code, "")}};
    const char* key = value.contains("coding") ? "valueCodeableConcept" : "valueQuantity";
    resource[key] = std::move(value);
    return resource;
  };
  const json bundle = Bundle({
      {{"resourceType", "Patient"}, {"id", "p1"}, {"gender", "male"}, {"birthDate", "1963-04-02"}},
      observation("o1", "59261-8", {{"value", 64}, {"unit", "mmol/mol"}}),
      observation("o2", "14682-9", {{"value", 140}, {"unit", "\u00b5mol/L"}}),
      observation("o3", "9318-7", {{"value", 350}, {"unit", "mg/g"}}),
      observation("o4", "5196-1", Coded("http://snomed.info/sct", "10828004", "Positive")),
      observation("o5", "8480-6", {{"value", 182}, {"unit", "mm[Hg]"}}),
  });
  Result<FhirPatient> read = ParseFhirPatientBundle(bundle.dump(), kToday);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_TRUE(read->not_understood.empty());
  std::vector<std::string> names;
  for (const PatientLab& lab : read->patient.labs) names.push_back(lab.name);
  EXPECT_EQ(names, (std::vector<std::string>{"HbA1c", "serum creatinine", "UACR", "HBsAg",
                                             "systolic blood pressure"}));
  ASSERT_NE(read->patient.FindCondition("hbv"), nullptr);
  EXPECT_TRUE(read->patient.FindCondition("hbv")->present);
}

TEST(FhirPatientTest, ReadsTheMcodeStageGroupAndTnmCategories) {
  auto observation = [](const std::string& id, const std::string& loinc, json value,
                        const std::string& when) {
    return json{{"resourceType", "Observation"},
                {"id", id},
                {"subject", Subject()},
                {"status", "final"},
                {"effectiveDateTime", when},
                {"code", Coded("http://loinc.org", loinc, "")},
                {"valueCodeableConcept", std::move(value)}};
  };
  json bundle = Bundle({
      {{"resourceType", "Patient"}, {"id", "p1"}, {"gender", "male"}},
      {{"resourceType", "Condition"},
       {"id", "c1"},
       {"subject", Subject()},
       {"code", Coded("http://snomed.info/sct", "254637007", "Non-small cell lung cancer")}},
      // The pathological group, later than the clinical one, stands: dates
      // order them (undated, they would disagree and neither be used).
      observation("clinical", "21908-9",
                  Coded("http://snomed.info/sct", "1222803003",
                        "American Joint Committee on Cancer stage IIIA (qualifier value)"),
                  "2026-01-10"),
      observation("pathological", "21902-2", Coded("http://cancerstaging.org", "3B", "3B"),
                  "2026-02-01"),
      observation("t", "21899-0", Coded("http://cancerstaging.org", "pT3", ""), "2026-02-01"),
      observation("n", "21900-6", json{{"text", "pN2"}}, "2026-02-01"),
      observation("m", "21901-4",
                  Coded("http://snomed.info/sct", "1229901006",
                        "American Joint Committee on Cancer cM0 (qualifier value)"),
                  "2026-02-01"),
      observation("odd", "21907-1", json{{"text", "spread to the liver"}}, "2026-02-01"),
      // A tumor marker by LOINC code alone, its result by SNOMED CT code.
      observation("er", "85337-4", Coded("http://snomed.info/sct", "260385009", ""), ""),
  });
  Result<FhirPatient> read = ParseFhirPatientBundle(bundle.dump(), kToday);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_TRUE(read->patient.stage);
  const PatientStage& stage = *read->patient.stage;
  EXPECT_EQ(stage.group, "IIIB");
  EXPECT_EQ(stage.t, "T3");
  EXPECT_EQ(stage.n, "N2");
  EXPECT_EQ(stage.m, "M0");
  EXPECT_NE(stage.evidence.find("Observation/pathological"), std::string::npos) << stage.evidence;
  ASSERT_EQ(read->patient.labs.size(), 1u);
  EXPECT_EQ(read->patient.labs[0].name, "estrogen receptor");
  EXPECT_EQ(read->patient.labs[0].positive, false);
  ASSERT_EQ(read->not_understood.size(), 1u);
  EXPECT_EQ(read->not_understood[0],
            "Observation/odd: its TNM category 'spread to the liver' is not one trialfinder reads");
}

TEST(FhirPatientTest, AStageThatContradictsItselfOrIsNotACancersIsNotUsed) {
  json bundle = Bundle({
      {{"resourceType", "Patient"}, {"id", "p1"}},
      {{"resourceType", "Condition"},
       {"id", "ckd"},
       {"subject", Subject()},
       {"code", json{{"text", "Chronic kidney disease"}}},
       {"stage", json::array({{{"summary", json{{"text", "Stage 4"}}}}})}},
      {{"resourceType", "Condition"},
       {"id", "mets"},
       {"subject", Subject()},
       {"code", Coded("http://snomed.info/sct", "94225005",
                      "Secondary malignant neoplasm of brain (disorder)")}},
      {{"resourceType", "Observation"},
       {"id", "group"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", Coded("http://loinc.org", "21908-9", "")},
       {"valueCodeableConcept", Coded("http://cancerstaging.org", "1A", "")}},
      {{"resourceType", "Observation"},
       {"id", "m"},
       {"subject", Subject()},
       {"status", "final"},
       {"code", Coded("http://loinc.org", "21907-1", "")},
       {"valueCodeableConcept", Coded("http://cancerstaging.org", "cM1b", "")}},
  });
  Result<FhirPatient> read = ParseFhirPatientBundle(bundle.dump(), kToday);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_FALSE(read->patient.stage);
  EXPECT_NE(read->patient.FindCondition("brain metastases"), nullptr);
  std::string notes;
  for (const std::string& note : read->not_understood) notes += note + "\n";
  EXPECT_NE(notes.find("Condition/ckd: the stage of 'chronic kidney disease'"), std::string::npos)
      << notes;
  EXPECT_NE(notes.find("stage: the record's group and M category (stage IA with M1b"),
            std::string::npos)
      << notes;
  // An ECOG of 9 is no ECOG.
  bundle["entry"].push_back({{"resource",
                              {{"resourceType", "Observation"},
                               {"id", "ecog"},
                               {"subject", Subject()},
                               {"status", "final"},
                               {"code", Coded("http://loinc.org", "89247-1", "")},
                               {"valueInteger", 9}}}});
  Result<FhirPatient> absurd = ParseFhirPatientBundle(bundle.dump(), kToday);
  ASSERT_FALSE(absurd.ok());
  EXPECT_EQ(absurd.status().message(), "FHIR Observation/ecog: ECOG 9 is out of range (0 to 5)");
}

// A hemoglobin of 95 g/dL (95 g/L typed with the wrong unit) is no
// hemoglobin: a 400 naming the resource; 95 g/L is fine.
TEST(FhirPatientTest, AnImpossibleLabValueIsRefused) {
  json bundle = {{"resourceType", "Bundle"},
                 {"type", "collection"},
                 {"entry", json::array({{{"resource",
                                          {{"resourceType", "Patient"},
                                           {"id", "p1"},
                                           {"gender", "female"},
                                           {"birthDate", "1980-01-01"}}}}})}};
  auto hemoglobin = [&](const char* unit) {
    json with = bundle;
    with["entry"].push_back({{"resource",
                              {{"resourceType", "Observation"},
                               {"id", "hb"},
                               {"subject", Subject()},
                               {"status", "final"},
                               {"code", Coded("http://loinc.org", "718-7", "Hemoglobin")},
                               {"valueQuantity", {{"value", 95}, {"unit", unit}}}}}});
    return ParseFhirPatientBundle(with.dump(), kToday);
  };
  Result<FhirPatient> typo = hemoglobin("g/dL");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().message(),
            "FHIR Observation/hb: valueQuantity 95 g/dL is not a possible hemoglobin (expected "
            "0-25 g/dL); check the value and its unit");
  EXPECT_TRUE(hemoglobin("g/L").ok());
}

TEST(FhirPatientTest, TellsFhirFromOtherJson) {
  EXPECT_TRUE(LooksLikeFhir(LupusBundle().dump()));
  EXPECT_FALSE(LooksLikeFhir(R"({"age": 40})"));
  EXPECT_FALSE(LooksLikeFhir("a 40-year-old woman"));
}

}  // namespace
}  // namespace trialfinder
