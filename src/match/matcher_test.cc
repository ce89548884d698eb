// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Matching hand-made patients against the seed studies (data/sample/
// seed-studies): verdicts, statuses, evidence, questions and ranking.

#include <gtest/gtest.h>

#include <tuple>

#include <algorithm>

#include "tests/test_support.h"
#include "trialfinder/evaluation.h"
#include "trialfinder/index.h"
#include "trialfinder/match.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using testing::SeedStudy;
using testing::TempDir;

constexpr const char* kSlePatient =
    R"({"age": 45, "sex": "FEMALE",
        "description": "45-year-old woman with refractory systemic lupus erythematosus (SLE), anti-dsDNA positive. She failed mycophenolate mofetil and belimumab, each used for more than 6 months."})";

std::string WithAge(std::string json, int age) {
  const std::string from = "\"age\": 45";
  json.replace(json.find(from), from.size(), "\"age\": " + std::to_string(age));
  return json;
}

Patient ReadPatient(const std::string& json) {
  const CriteriaLexicon lexicon;
  Result<Patient> patient = ParsePatientJson(json, CaseReader(lexicon));
  EXPECT_TRUE(patient.ok()) << patient.status().message();
  return patient.ok() ? *patient : Patient{};
}

TrialMatch JudgeSeed(const Patient& patient, const std::string& nct_id) {
  Result<Study> study = ParseStudyJson(SeedStudy(nct_id));
  EXPECT_TRUE(study.ok()) << study.status().message();
  CriteriaLexicon lexicon;
  lexicon.AddStudy(*study);
  return EligibilityJudge(patient).Judge(*study, EligibilityParser(lexicon).Parse(*study));
}

std::vector<CriterionVerdict> Excluding(const TrialMatch& match) {
  std::vector<CriterionVerdict> out;
  for (const CriterionVerdict& v : match.criteria) {
    if (v.verdict == Verdict::kNotMet || v.verdict == Verdict::kApplies) out.push_back(v);
  }
  return out;
}

const CriterionVerdict* FindVerdict(const TrialMatch& match, const std::string& text_part) {
  for (const CriterionVerdict& v : match.criteria) {
    if (v.text.find(text_part) != std::string::npos) return &v;
  }
  return nullptr;
}

// A patient with lupus nephritis belongs to KITE-363's LN cohort, not the
// SLE one whose "lupus" LN names (second helper of the fifth user test:
// every "For LN" item was "not applicable" for her); SLE alone stays SLE.
TEST(EligibilityJudgeTest, APatientBelongsToTheNarrowerCohort) {
  Patient both;
  both.age_years = 34;
  both.sex = "FEMALE";
  both.conditions.push_back({"systemic lupus erythematosus", true, "", "record"});
  both.conditions.push_back({"lupus nephritis", true, "", "record"});
  EXPECT_EQ(JudgeSeed(both, "NCT07038447").cohort, "Lupus Nephritis");
  Patient sle = both;
  sle.conditions.pop_back();
  EXPECT_EQ(JudgeSeed(sle, "NCT07038447").cohort, "Systemic Lupus Erythematosus");
}

// KITE-363 is likely; CC312 asks for stable doses for >= 30 days, which
// "each used for more than 6 months" does not say: possibly.
TEST(EligibilityJudgeTest, RefractoryLupusPatientIsExcludedFromNeitherSeedTrial) {
  const Patient patient = ReadPatient(kSlePatient);
  for (const char* nct_id : {"NCT07038447", "NCT07193810"}) {
    const TrialMatch match = JudgeSeed(patient, nct_id);
    EXPECT_EQ(match.status, std::string(nct_id) == "NCT07038447"
                                ? EligibilityStatus::kLikelyEligible
                                : EligibilityStatus::kPossiblyEligible)
        << nct_id;
    EXPECT_TRUE(Excluding(match).empty()) << nct_id;
    EXPECT_NE(match.cohort.find("Systemic Lupus Erythematosus"), std::string::npos) << nct_id;
    // Every decided verdict names its evidence.
    for (const CriterionVerdict& v : match.criteria) {
      if (v.verdict != Verdict::kUnknown) {
        EXPECT_FALSE(v.evidence.empty()) << nct_id << ": " << v.text;
      }
    }
  }
  const CriterionVerdict* stable =
      FindVerdict(JudgeSeed(patient, "NCT07193810"), "with stable doses for");
  ASSERT_NE(stable, nullptr);
  EXPECT_EQ(stable->verdict, Verdict::kUnknown);
  const TrialMatch kite = JudgeSeed(patient, "NCT07038447");
  const CriterionVerdict* refractory =
      FindVerdict(kite, "Refractory to steroids and inadequate response");
  ASSERT_NE(refractory, nullptr);
  EXPECT_EQ(refractory->verdict, Verdict::kMet);
  EXPECT_NE(refractory->evidence.find("mycophenolate mofetil (failed)"), std::string::npos);
  EXPECT_NE(refractory->evidence.find("belimumab (failed)"), std::string::npos);
  const CriterionVerdict* antibodies = FindVerdict(kite, "anti-dsDNA");
  ASSERT_NE(antibodies, nullptr);
  EXPECT_EQ(antibodies->verdict, Verdict::kMet);
  // Lupus nephritis criteria belong to another cohort.
  const CriterionVerdict* biopsy = FindVerdict(kite, "Renal biopsy-proven");
  ASSERT_NE(biopsy, nullptr);
  EXPECT_EQ(biopsy->verdict, Verdict::kNotApplicable);
  // Unmentioned exclusions are assumed not to apply, and say so.
  const CriterionVerdict* hiv = FindVerdict(kite, "HIV infection");
  ASSERT_NE(hiv, nullptr);
  EXPECT_EQ(hiv->verdict, Verdict::kDoesNotApply);
  EXPECT_TRUE(hiv->assumed);
  ASSERT_TRUE(hiv->question.has_value());
  EXPECT_EQ(hiv->question->key, "condition:hiv");
}

TEST(EligibilityJudgeTest, SeventyYearOldIsExcludedOnlyWhereTheMaximumAgeIsSixtyFive) {
  const Patient patient = ReadPatient(WithAge(kSlePatient, 70));
  const TrialMatch cc312 = JudgeSeed(patient, "NCT07193810");
  EXPECT_EQ(cc312.status, EligibilityStatus::kExcluded);
  const std::vector<CriterionVerdict> reasons = Excluding(cc312);
  ASSERT_FALSE(reasons.empty());
  for (const CriterionVerdict& v : reasons) {
    EXPECT_EQ(v.verdict, Verdict::kNotMet);
    EXPECT_EQ(v.evidence, "age 70 years") << v.text;
  }
  const TrialMatch kite = JudgeSeed(patient, "NCT07038447");  // 18 to 75
  EXPECT_NE(kite.status, EligibilityStatus::kExcluded);
  EXPECT_TRUE(Excluding(kite).empty());
}

TEST(EligibilityJudgeTest, PregnantPatientIsExcludedFromBoth) {
  Patient patient = ReadPatient(kSlePatient);
  patient.pregnant = true;
  for (const char* nct_id : {"NCT07038447", "NCT07193810"}) {
    const TrialMatch match = JudgeSeed(patient, nct_id);
    EXPECT_EQ(match.status, EligibilityStatus::kExcluded) << nct_id;
    const std::vector<CriterionVerdict> reasons = Excluding(match);
    ASSERT_EQ(reasons.size(), 1u) << nct_id;
    EXPECT_EQ(reasons[0].verdict, Verdict::kApplies);
    EXPECT_EQ(reasons[0].section, CriterionSection::kExclusion);
    EXPECT_NE(reasons[0].text.find("regnant"), std::string::npos);
    EXPECT_EQ(reasons[0].evidence, "pregnant");
  }
  // Read from the description too.
  const Patient described =
      ReadPatient(R"({"description": "A 30-year-old woman with SLE who is 20 weeks pregnant."})");
  EXPECT_EQ(JudgeSeed(described, "NCT07193810").status, EligibilityStatus::kExcluded);
}

TEST(EligibilityJudgeTest, AnswersSettleQuestions) {
  Patient patient = ReadPatient(kSlePatient);
  ASSERT_TRUE(ApplyAnswer("treatment:car-t", Answer::kYes, patient).ok());
  const TrialMatch cc312 = JudgeSeed(patient, "NCT07193810");
  const CriterionVerdict* car_t = FindVerdict(cc312, "Received CAR-T therapy");
  ASSERT_NE(car_t, nullptr);
  // "Within 6 months": a yes says it happened, not when.
  EXPECT_EQ(car_t->verdict, Verdict::kUnknown);
  EXPECT_NE(car_t->evidence.find("answered yes"), std::string::npos) << car_t->evidence;
  EXPECT_NE(car_t->evidence.find("when it happened is not known"), std::string::npos);
  ASSERT_TRUE(ApplyAnswer("treatment:car-t", Answer::kNo, patient).ok());
  const TrialMatch answered = JudgeSeed(patient, "NCT07193810");  // outlives `now`
  const CriterionVerdict* now = FindVerdict(answered, "Received CAR-T therapy");
  ASSERT_NE(now, nullptr);
  EXPECT_EQ(now->verdict, Verdict::kDoesNotApply);
  EXPECT_FALSE(now->assumed);
  EXPECT_FALSE(ApplyAnswer("favourite colour", Answer::kYes, patient).ok());
}

TEST(EligibilityJudgeTest, NextQuestionSplitsTheCandidates) {
  const Patient patient = ReadPatient(kSlePatient);
  std::vector<TrialMatch> trials = {JudgeSeed(patient, "NCT07038447"),
                                    JudgeSeed(patient, "NCT07193810")};
  const std::optional<Question> question = ChooseNextQuestion(trials);
  ASSERT_TRUE(question.has_value());
  EXPECT_NE(question->key, "consents");
  EXPECT_EQ(question->excluded_if_yes + question->excluded_if_no, 2);  // it decides both trials
  // Once answered, it is not asked again.
  Patient answered = patient;
  ASSERT_TRUE(ApplyAnswer(question->key, Answer::kNo, answered).ok());
  trials = {JudgeSeed(answered, "NCT07038447"), JudgeSeed(answered, "NCT07193810")};
  const std::optional<Question> next = ChooseNextQuestion(trials);
  ASSERT_TRUE(next.has_value());
  EXPECT_NE(next->key, question->key);
}

TEST(MatcherTest, RanksEligibleRelevantTrialsFirstAndAppliesFilters) {
  TempDir directory;
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(directory.path());
  ASSERT_TRUE(store.ok());
  for (const char* nct_id : {"NCT06888960", "NCT07038447", "NCT07193810"}) {
    Result<Study> study = ParseStudyJson(SeedStudy(nct_id));
    ASSERT_TRUE(study.ok());
    ASSERT_TRUE((*store)->Upsert(*study, "test").ok());
  }
  for (const std::string& line : testing::SampleJsonLines()) {
    Result<Study> study = ParseStudyJson(line);
    if (study.ok()) {
      ASSERT_TRUE((*store)->Upsert(*study, "sample").ok());
    }
  }
  ASSERT_TRUE(RebuildIndex(**store, IndexPath(directory.path())).ok());
  Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(IndexPath(directory.path()));
  ASSERT_TRUE(index.ok());
  const CriteriaLexicon lexicon;
  Matcher matcher(**store, **index, lexicon);

  Patient patient = ReadPatient(WithAge(kSlePatient, 70));
  MatchOptions options;
  options.limit = 50;
  Result<MatchResult> result = matcher.Match(patient, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_GE(result->trials.size(), 2u);
  EXPECT_EQ(result->trials[0].nct_id, "NCT07038447");  // eligible and about refractory lupus
  EXPECT_EQ(result->trials[0].status, EligibilityStatus::kLikelyEligible);
  auto excluded = std::find_if(result->trials.begin(), result->trials.end(),
                               [](const TrialMatch& m) { return m.nct_id == "NCT07193810"; });
  ASSERT_NE(excluded, result->trials.end());
  EXPECT_EQ(excluded->status, EligibilityStatus::kExcluded);
  for (std::size_t i = 1; i < result->trials.size(); ++i) {
    EXPECT_GE(result->trials[i - 1].score, result->trials[i].score);
  }
  EXPECT_TRUE(result->next_question.has_value());

  // Judged on several threads, the same result in the same order.
  for (std::size_t threads : {2U, 5U}) {
    MatchOptions parallel = options;
    parallel.threads = threads;
    Result<MatchResult> again = matcher.Match(patient, parallel);
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ(MatchResultToJson(*again, patient, -1), MatchResultToJson(*result, patient, -1))
        << threads << " threads";
  }

  // A condition given as its abbreviation, in any case, finds what its name
  // finds (user test: "SLE" was read as "sle" and found 3 candidates).
  auto candidates = [&](const std::string& condition) {
    Result<MatchResult> found =
        matcher.Match(ReadPatient(R"({"age": 34, "sex": "female", "conditions": [{"name": ")" +
                                  condition + R"("}]})"),
                      MatchOptions{});
    EXPECT_TRUE(found.ok()) << found.status().message();
    std::set<std::string> ids;
    if (found.ok()) {
      for (const TrialMatch& m : found->trials) ids.insert(m.nct_id);
    }
    return ids;
  };
  const std::set<std::string> by_name = candidates("systemic lupus erythematosus");
  EXPECT_GE(by_name.size(), 3u);
  EXPECT_EQ(candidates("SLE"), by_name);
  EXPECT_EQ(candidates("sle"), by_name);

  options.include_excluded = false;
  result = matcher.Match(patient, options);
  ASSERT_TRUE(result.ok());
  for (const TrialMatch& m : result->trials) EXPECT_NE(m.status, EligibilityStatus::kExcluded);

  // Search filters apply: NCT07038447 enrols by invitation only.
  Result<SearchQuery> filters = ParseSearchParameters({{"filter.overallStatus", "RECRUITING"}});
  ASSERT_TRUE(filters.ok());
  options.filters = *filters;
  result = matcher.Match(patient, options);
  ASSERT_TRUE(result.ok());
  for (const TrialMatch& m : result->trials) EXPECT_EQ(m.overall_status, "RECRUITING") << m.nct_id;
}

TEST(EvaluationTest, PredictsCriterionLabels) {
  const std::string note =
      "0. A 58-year-old woman presents with chest pain.\n1. She is known to have hypertension.\n2. "
      "She denies "
      "smoking or diabetes.\n3. The patient will provide informed consent, and will comply with "
      "the trial "
      "protocol without any practical issues.";
  EXPECT_EQ(PredictCriterionLabel(note, true, "Age 25 to 65 years"), "included");
  EXPECT_EQ(PredictCriterionLabel(note, true, "Age 18 to 40 years"), "not included");
  EXPECT_EQ(PredictCriterionLabel(note, true, "Patients with hypertension"), "included");
  EXPECT_EQ(PredictCriterionLabel(note, true, "Signed informed consent"), "included");
  EXPECT_EQ(PredictCriterionLabel(note, false, "History of diabetes mellitus"), "not excluded");
  EXPECT_EQ(PredictCriterionLabel(note, false, "Hypertension"), "excluded");
  EXPECT_EQ(PredictCriterionLabel(note, true, "Serum creatinine < 1.5 mg/dL"),
            "not enough information");
  const std::string man = "0. A 40-year-old man with a cough.";
  EXPECT_EQ(PredictCriterionLabel(man, false, "Pregnancy"), "not applicable");
  EXPECT_EQ(PredictCriterionLabel(man, true, "Female patients only"), "not included");
}

// Absences a person reading the record would assume, and those the
// patient states in everyday words.
TEST(EvaluationTest, AssumedAndStatedAbsences) {
  const std::string woman = "0. A 28-year-old woman with neck pain.";
  // An inclusion asking for no pregnancy in words is met, as assumed; one
  // asking for a test result is not settled by the record.
  const CriterionLabelPrediction non_pregnant =
      PredictCriterion(woman, true, "Male and non-pregnant females aged 18 to 60 years");
  EXPECT_EQ(non_pregnant.label, "included");
  EXPECT_EQ(non_pregnant.evidence.rfind("assumed: ", 0), 0u) << non_pregnant.evidence;
  EXPECT_EQ(PredictCriterionLabel(woman, true, "are not pregnant"), "included");
  EXPECT_EQ(PredictCriterionLabel(woman, true, "Negative serum pregnancy test at screening"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel(woman, true, "Negative HIV test"), "not enough information");
  EXPECT_EQ(PredictCriterionLabel(woman, true, "Adults aged 18 to 65 years without diabetes"),
            "included");
  // Pregnancy is still not assumed away in an exclusion.
  EXPECT_EQ(PredictCriterionLabel(woman, false, "Pregnant women"), "not enough information");
  EXPECT_EQ(PredictCriterionLabel("0. A 28-year-old pregnant woman.", true, "are not pregnant"),
            "not included");

  // Time since a treatment the record does not mention is met, as
  // assumed; one the record names stays open.
  const CriterionLabelPrediction since =
      PredictCriterion(woman, true, "Minimum of two weeks since any major surgery");
  EXPECT_EQ(since.label, "included");
  EXPECT_EQ(since.evidence.rfind("assumed: ", 0), 0u) << since.evidence;
  EXPECT_EQ(PredictCriterionLabel("A 50 year old woman with breast cancer treated with "
                                  "chemotherapy.",
                                  true, "At least 4 weeks since prior chemotherapy"),
            "not enough information");
  // A rule of the protocol is settled by the willingness to follow it.
  const std::string willing =
      woman +
      "\n1. The patient will provide informed consent, and will comply with the trial "
      "protocol without any practical issues.";
  EXPECT_EQ(PredictCriterionLabel(willing, true,
                                  "Patient must discontinue taking any NSAIDs within one month "
                                  "of treatment initiation."),
            "included");
  EXPECT_EQ(PredictCriterionLabel(woman, true,
                                  "Patient must discontinue taking any NSAIDs within one month "
                                  "of treatment initiation."),
            "not enough information");

  // Contractions negate, with or without the apostrophe; "didn't help"
  // is a failure, not an absence.
  for (const char* said : {"I don't have kidney disease.", "I dont have kidney disease.",
                           "I haven\u2019t had kidney disease."}) {
    const std::string note = std::string("I am a 50 year old man with type 2 diabetes. ") + said;
    const CriterionLabelPrediction ckd = PredictCriterion(note, false, "Chronic kidney disease");
    EXPECT_EQ(ckd.label, "not excluded") << said;
    EXPECT_EQ(ckd.evidence.find("assumed"), std::string::npos) << said;
    EXPECT_EQ(PredictCriterionLabel(note, true, "Chronic kidney disease"), "not included") << said;
  }
  // The absence of a broader condition in lay words is that of its kinds.
  const CriterionLabelPrediction lay =
      PredictCriterion("A 50 year old man with type 2 diabetes. No kidney problems.", false,
                       "End stage renal disease");
  EXPECT_EQ(lay.label, "not excluded");
  EXPECT_EQ(lay.evidence, "No kidney problems");
  EXPECT_EQ(PredictCriterionLabel("A 50 year old man with kidney problems.", false,
                                  "Chronic kidney disease"),
            "not enough information");

  // A disease or finding of several words the note names in the same
  // words applies an exclusion; suspected, it is left open, never assumed
  // away.
  const std::string tia =
      "A 72-year-old man. He had a transient ischemic attack 6 months ago. There is a right "
      "carotid bruit.";
  EXPECT_EQ(PredictCriterionLabel(tia, false, "Transient ischemic attack"), "excluded");
  EXPECT_EQ(PredictCriterionLabel(tia, false, "Carotid bruit"), "excluded");
  EXPECT_EQ(PredictCriterionLabel(tia, false, "Pain"), "not excluded");
  const std::string suspected = "A 50 year old man referred for CT to rule out pulmonary embolism.";
  const CriterionLabelPrediction pe = PredictCriterion(suspected, false, "Pulmonary embolism");
  EXPECT_EQ(pe.label, "not enough information");
  EXPECT_NE(pe.evidence.find("not confirmed"), std::string::npos) << pe.evidence;
  EXPECT_EQ(PredictCriterionLabel("A 50 year old man with suspected lupus.", false, "Lupus"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 50 year old man with suspected lupus.", true, "Lupus"),
            "not enough information");

  // A history alone does not meet a duration or dose it does not give;
  // a failure asked for, or a use as long as the record's, does.
  const std::string diabetic = "A 45 year old woman with type 2 diabetes. She takes metformin.";
  EXPECT_EQ(PredictCriterionLabel(diabetic, true,
                                  "Diagnosed with type 2 diabetes greater than or equal to 180 "
                                  "days before screening"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel(diabetic, true, "Treatment with metformin for at least 90 days"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 45 year old woman with type 2 diabetes. She has taken "
                                  "metformin for 2 years.",
                                  true, "Treatment with metformin for at least 90 days"),
            "included");
  EXPECT_EQ(PredictCriterionLabel("A 45 year old woman with lupus. She takes prednisone.", false,
                                  "Daily high-dose prednisone"),
            "not enough information");

  // How a diagnosis was made and its subtypes in brackets do not change
  // the finding named; a stage in brackets does.
  const std::string bipolar = "0. A 26-year-old woman with a history of bipolar disorder.";
  EXPECT_EQ(PredictCriterionLabel(
                bipolar, true,
                "patients with bipolar disorders (I, II, NOS) diagnosed with DSM-IV criteria"),
            "included");
  EXPECT_EQ(PredictCriterionLabel(bipolar, true, "bipolar disorder confirmed by a psychiatrist"),
            "included");
  EXPECT_EQ(PredictCriterionLabel(bipolar, true, "bipolar disorder (stage II)"),
            "not enough information");
}

// From the second user test of /match: each reading that misled.
TEST(EvaluationTest, SecondUserTestReadings) {
  // A negation reaches across a long clause.
  EXPECT_EQ(PredictCriterionLabel("A 30 year old man. I have hepatitis C.", true,
                                  "No serological evidence of chronic infection with Hepatitis C"),
            "not included");
  // Both types of diabetes named in one phrase.
  EXPECT_EQ(PredictCriterionLabel("A 30 year old man with type 1 diabetes.", false,
                                  "History of type 1 or type 2 diabetes"),
            "excluded");
  // The patient's cancer as the criterion's exception.
  EXPECT_NE(PredictCriterionLabel("A 60 year old woman with breast cancer.", false,
                                  "History of malignancy other than breast cancer"),
            "excluded");
  // "Recent" is a qualifier a record without a date does not settle; a
  // time at a window's edge is too close to tell.
  EXPECT_EQ(PredictCriterionLabel("A 60 year old man. I had a heart attack 3 years ago.", false,
                                  "History of recent myocardial infarction"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 60 year old man who had a stroke 2 months ago.", false,
                                  "Stroke within 8 weeks"),
            "not enough information");
  // A wish is not an absence.
  EXPECT_EQ(PredictCriterionLabel("A 40 year old man.", true, "Desire to quit smoking"),
            "not enough information");
  // Smokers and smoking are one thing (user test: "Smokers" and "Current
  // smokers" exclusions were assumed not to apply to a smoker); hepatitis C
  // written short is hepatitis C.
  const std::string smoker = "A 55 year old man with COPD who smokes a pack a day.";
  EXPECT_EQ(PredictCriterionLabel(smoker, false, "Smokers"), "excluded");
  EXPECT_EQ(PredictCriterionLabel(smoker, false, "Current tobacco use"), "excluded");
  // "Tobacco products" are smoking too (third user test: assumed not to
  // apply to a smoker, and the trial "likely eligible"); a past use names
  // when it ended.
  EXPECT_NE(
      PredictCriterionLabel(smoker, false, "Use of tobacco products within the past 6 months"),
      "not excluded");
  EXPECT_EQ(PredictCriterionLabel("A 50 year old man, ex-smoker, quit 5 years ago.", false,
                                  "Use of tobacco products within the past 6 months"),
            "not excluded");
  EXPECT_EQ(PredictCriterionLabel(smoker, false, "Current smokers"), "excluded");
  // A former smoker is one ("Current or former smoker"), and not a current
  // one; pack-years asked for are compared with those the note gives.
  for (const char* former : {"A 50 year old man, ex smoker.", "A 50 year old man, former smoker.",
                             "A 50 year old man who smoked for 20 years, quit in 2015."}) {
    EXPECT_EQ(PredictCriterionLabel(former, true, "Current or former smoker"), "included")
        << former;
    EXPECT_EQ(PredictCriterionLabel(former, false, "Current smokers"), "not excluded") << former;
  }
  EXPECT_EQ(PredictCriterionLabel("A 55 year old man, 40 pack-year smoker.", true,
                                  "Smoking history of at least 10 pack-years"),
            "included");
  EXPECT_EQ(PredictCriterionLabel("A 55 year old man, ex-smoker, 8 pack years.", true,
                                  "Smoking history of at least 10 pack-years"),
            "not included");
  EXPECT_EQ(PredictCriterionLabel(smoker, true, "Smoking history of at least 10 pack-years"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 58 year old man with hep C.", false, "Hepatitis C infection"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("A 58 year old man with hep C, treated with Epclusa, cured.",
                                  false, "Active hepatitis C"),
            "not excluded");
  // Physician user test: values given that decide an exclusion were
  // assumed not to apply, or left open for their units.
  const std::string values =
      "A 62 year old man with Parkinson disease, MMSE 22, HBsAg positive, SBP 90 mmHg, "
      "potassium 5.2 mmol/L, creatinine 140 \u00b5mol/L.";
  EXPECT_EQ(PredictCriterionLabel(values, false, "MMSE score of 24 or less"), "excluded");
  EXPECT_EQ(PredictCriterionLabel(values, false, "MMSE of 26 or more"), "not excluded");
  EXPECT_EQ(PredictCriterionLabel(values, false, "Systolic blood pressure < 100 mmHg"), "excluded");
  EXPECT_EQ(PredictCriterionLabel(values, false, "Serum potassium level of 4.9 mEq/L or higher"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel(values, false, "Potassium > 5.5 mEq/L"), "not excluded");
  EXPECT_EQ(PredictCriterionLabel(values, false, "Creatinine > 1.5 mg/dL"), "excluded");
  EXPECT_EQ(PredictCriterionLabel(values, false, "Positive hepatitis B surface antigen"),
            "excluded");
  // Patient user test: what a diagnosis alone does not say (when it was
  // made, how severe it is), a willingness to stop, and "on X" said now.
  EXPECT_EQ(PredictCriterionLabel("A 27 year old man diagnosed with HIV in 2019.", true,
                                  "Newly diagnosed with HIV, maximum 2 months"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 41 year old man with ulcerative colitis, Mayo score 3.", true,
                                  "Mild to moderate UC"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 30 year old woman with depression. I am breastfeeding.", true,
                                  "Must agree to stop breastfeeding"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 60 year old man on warfarin for afib.", false,
                                  "Current use of warfarin"),
            "excluded");
  // Physician user test: a boy of 9 failed a trial's pregnancy rules and
  // its rows for older children.
  const std::string boy = "A 9 year old boy with medulloblastoma, Lansky 70.";
  EXPECT_EQ(PredictCriterionLabel(boy, true, "If pregnancy occurs, thalidomide must be stopped"),
            "not applicable");
  EXPECT_EQ(PredictCriterionLabel(boy, true, "Pregnancy surveillance:"), "not applicable");
  EXPECT_EQ(PredictCriterionLabel(boy, true, "Currently pregnant"), "not included");
  EXPECT_EQ(PredictCriterionLabel(boy, true, "Karnofsky 50-100% (for patients age 11 to 21)"),
            "not enough information");
  // A bound whose sign the registry lost ("= 100,000") does not fail
  // another value.
  EXPECT_EQ(PredictCriterionLabel("A 54 year old woman with breast cancer, platelets 150,000/uL.",
                                  true, "Platelet count = 100,000/ul"),
            "not enough information");
  // A treatment taken now is within any window up to now, and concurrent
  // (physician user test: current paclitaxel met "No other concurrent
  // chemotherapy").
  const std::string on_chemo = "A 54 year old woman with breast cancer, currently on paclitaxel.";
  EXPECT_EQ(PredictCriterionLabel(on_chemo, true, "No other concurrent chemotherapy"),
            "not included");
  EXPECT_EQ(PredictCriterionLabel(on_chemo, false, "Chemotherapy within 4 weeks of first dose"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel(on_chemo, false, "Less than 4 weeks since the last chemotherapy"),
            "excluded");
  EXPECT_NE(PredictCriterionLabel(on_chemo, true, "Four weeks since the last chemotherapy"),
            "included");
  // NYHA classes in Roman numerals are a score, and qualify the heart
  // failure an exclusion names; an HbA1c span with a unit after each number
  // (physician user test: NYHA IV met "class II or III").
  for (const auto& [nyha, inclusion, exclusion] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"IV", "not included", "excluded"},
           {"II", "included", "not excluded"},
           {"", "not enough information", "not enough information"}}) {
    const std::string note = "A 68 year old woman with heart failure" +
                             (nyha.empty() ? std::string(".") : ", NYHA class " + nyha + ".");
    EXPECT_EQ(PredictCriterionLabel(note, true, "NYHA class II or III heart failure"), inclusion)
        << nyha;
    EXPECT_EQ(
        PredictCriterionLabel(note, false, "New York Heart Association class IV heart failure"),
        exclusion)
        << nyha;
  }
  EXPECT_EQ(PredictCriterionLabel("A 60 year old man with diabetes, HbA1c 12.5%.", true,
                                  "HbA1c 7.0% to 10.9%"),
            "not included");
  // Third user test: a sign before the NYHA class, a class without the
  // word "class", blood pressure written as 95/60, a trial taken part in,
  // toxicities from previous chemotherapy, and a recent window for a
  // condition that is over.
  const std::string class2 = "A 68 year old woman with heart failure, NYHA class II.";
  EXPECT_EQ(PredictCriterionLabel(class2, false, "CHF > NYHA Class II"), "not excluded");
  EXPECT_EQ(PredictCriterionLabel(class2, false, "Heart failure (NYHA III or IV)"), "not excluded");
  EXPECT_EQ(PredictCriterionLabel(class2, true, "NYHA I-II functional status"), "included");
  EXPECT_EQ(PredictCriterionLabel("A 68 year old woman, blood pressure usually around 95/60.",
                                  false, "Systolic blood pressure < 100 mmHg"),
            "excluded");
  EXPECT_NE(PredictCriterionLabel("A 60 year old man with type 2 diabetes on metformin.", false,
                                  "Currently taking part in a clinical trial for antidiabetic "
                                  "medication"),
            "excluded");
  EXPECT_NE(PredictCriterionLabel(on_chemo, false,
                                  "Persistence of toxicities from previous chemotherapy"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("A 50 year old man, ex-smoker, I quit 5 years ago.", true,
                                  "Daily cigarette smoking over the past 30 days"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 40 year old woman. I have mild ulcerative colitis.", true,
                                  "18 years of age or older, with moderate to severe ulcerative "
                                  "colitis"),
            "not enough information");
  // Someone else's disease, and suspicions in shorthand.
  for (const char* other : {"My partner has HIV.", "FHx: HIV in brother."}) {
    EXPECT_EQ(
        PredictCriterionLabel(std::string("A 40 year old man. ") + other, false, "HIV infection"),
        "not excluded")
        << other;
  }
  for (const char* unsure :
       {"?lupus.", "r/o lupus.", "Query lupus.", "My doctor thinks it may be lupus."}) {
    EXPECT_EQ(PredictCriterionLabel(std::string("A 40 year old woman. ") + unsure, true,
                                    "Systemic lupus erythematosus"),
              "not enough information")
        << unsure;
  }
  // A healthy person: an absence asked for is met, a test result or a
  // risk is open, a disease asked for is not met.
  const std::string healthy = "I am a 30 year old man. I am healthy.";
  EXPECT_EQ(PredictCriterionLabel(healthy, true, "No other tumors."), "included");
  EXPECT_EQ(
      PredictCriterionLabel(healthy, true, "No serious heart, lung, liver, or kidney disease;"),
      "included");
  EXPECT_EQ(PredictCriterionLabel(healthy, true, "Has a negative screening for SARS-CoV-2"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel(healthy, true,
                                  "Adequate cardiac function (no cardiac disease, LVEF >= 40%)"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel(healthy, true, "Diagnosed with COVID-19"), "not included");
  // "Anti-cancer agents" name a treatment, not the disease.
  EXPECT_NE(PredictCriterionLabel("A 60 year old woman with breast cancer.", false,
                                  "Currently receiving anti-cancer agents"),
            "excluded");
  // Third user test: a two-way cue before a comma negates only what came
  // before it; ">/=" is ">="; checkpoint inhibitor classes; suicidal
  // thoughts; "im 41"; a healthy volunteer; an outcome missed is no
  // absence.
  const std::string lung =
      "A 67-year-old man with NSCLC, EGFR negative, progressed on carboplatin and pembrolizumab.";
  EXPECT_EQ(PredictCriterionLabel(lung, false, "Prior treatment with PD-1/PD-L1 inhibitors"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel(lung, false, "Prior therapy with an anti-PD-1 antibody"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("A 71-year-old man.", true, "Age >/= 60 years"), "included");
  EXPECT_EQ(PredictCriterionLabel("im 41, lately having suicidal thoughts but no plan.", false,
                                  "Suicidality"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("im 41.", true, "Age 18 to 65 years"), "included");
  EXPECT_EQ(PredictCriterionLabel("Healthy 25 year old male volunteer, no medications.", true,
                                  "Diagnosed with COVID-19"),
            "not included");
  EXPECT_EQ(PredictCriterionLabel("An 8-year-old boy with relapsed leukemia.", true,
                                  "Not achieving a CR after 1 cycle of standard induction"),
            "not enough information");
  // One lab with thresholds that disagree for the value: open, not failed.
  const std::string bmi_or =
      "a) BMI greater than or equal to 27.0 kg/m^2 with 2 complications or b) BMI greater than "
      "or equal to 35.0 kg/m^2";
  EXPECT_EQ(PredictCriterionLabel("45F, BMI 34.", true, bmi_or), "not enough information");
  EXPECT_EQ(PredictCriterionLabel("45F, BMI 24.", true, bmi_or), "not included");
  // Roman-numeral diabetes types, the Mini-Mental State Examination, and
  // opioids as a class.
  EXPECT_NE(PredictCriterionLabel("A 30 year old pregnant woman with gestational diabetes.", false,
                                  "Type I or type II diabetes mellitus"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("A 30 year old man with type 2 diabetes.", false,
                                  "Type I or type II diabetes mellitus"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("An 80 year old man with Alzheimer disease, MMSE 16.", false,
                                  "Mini-Mental State Examination score < 23"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("58M, chronic low back pain, oxycodone 20 mg/day.", false,
                                  "Currently on opioid medication(s)"),
            "excluded");
  // Conditions joined by "and" are all asked for; "or" and "and/or"
  // accept either.
  const std::string diabetic_man = "A 30 year old man with diabetes.";
  EXPECT_EQ(
      PredictCriterionLabel(diabetic_man, true, "Patients with both hypertension and diabetes"),
      "not enough information");
  EXPECT_EQ(PredictCriterionLabel(diabetic_man, true, "Patients with hypertension and/or diabetes"),
            "included");
  EXPECT_EQ(PredictCriterionLabel("A 30 year old man with diabetes and hypertension.", true,
                                  "Patients with hypertension and diabetes"),
            "included");
  // So is a disorder joined by "and", however it is named; a denied
  // one joined ("and no other psychiatric disorder") asks for no more.
  const std::string depressed = "A 35 year old man with major depressive disorder.";
  EXPECT_EQ(
      PredictCriterionLabel(depressed, true, "Major depressive disorder and cannabis use disorder"),
      "not enough information");
  EXPECT_EQ(PredictCriterionLabel(depressed, true, "Current MDD and CUD (DSM-5)"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel(
                "A 35 year old man with major depressive disorder and cannabis use disorder.", true,
                "Major depressive disorder and cannabis use disorder"),
            "included");
  EXPECT_EQ(PredictCriterionLabel(depressed, true,
                                  "Major depressive disorder and no other psychiatric disorder"),
            "included");
  // A kind the note suspects is worth a look; the name itself affirmed
  // decides.
  EXPECT_EQ(PredictCriterionLabel("A 60-year-old man evaluated for possible pulmonary embolism.",
                                  false, "History of thromboembolic events"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 60-year-old man with a history of thromboembolic events. Now "
                                  "evaluated for possible pulmonary embolism.",
                                  false, "History of thromboembolic events"),
            "excluded");
  // An inclusion read only through its exceptions, or about a treatment
  // one is not eligible for, is not met by their absence.
  EXPECT_EQ(PredictCriterionLabel("A 7 year old boy with acute lymphoblastic leukemia.", true,
                                  "Diagnosis of a myeloid neoplasm of any kind except chronic "
                                  "myeloid leukemia"),
            "not enough information");
  // A denied kind does not deny its broader disease: "No lupus nephritis"
  // leaves SLE, while "no history of cancer" rules out lung cancer.
  EXPECT_EQ(PredictCriterionLabel("Patient is a 45 yo F with SLE. No lupus nephritis.", true,
                                  "Clinical diagnosis of SLE"),
            "included");
  EXPECT_EQ(PredictCriterionLabel("A 60 year old man. No history of cancer.", true,
                                  "Histologically confirmed lung cancer"),
            "not included");
  // A procedure for the disease is not met by the diagnosis.
  EXPECT_EQ(PredictCriterionLabel("A 66 year old man with stage 4 lung cancer.", true,
                                  "Patients who have undergone radical lung cancer surgery"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("A 66 year old man; had lung cancer surgery in 2020.", true,
                                  "Patients who have undergone radical lung cancer surgery"),
            "included");
  // Osimertinib is an EGFR TKI.
  EXPECT_EQ(PredictCriterionLabel("A 62 year old man with lung adenocarcinoma, progressed on "
                                  "osimertinib.",
                                  false, "Any previous treatment with EGFR-TKIs"),
            "excluded");
  // A named kind of dementia is not met by another kind.
  EXPECT_NE(PredictCriterionLabel("A 72 year old woman with Alzheimer's disease.", true,
                                  "Diagnosis of Parkinson's disease dementia"),
            "included");
  // A BMI without a unit is in kg/m2, in the record and in a criterion;
  // two thresholds of it as alternatives leave it open (user test: "not
  // met" for BMI 34 against ">= 27 ... or ... >= 35").
  EXPECT_EQ(PredictCriterionLabel("A 40 year old woman. BMI 36.", true, "BMI >= 30 kg/m2"),
            "included");
  EXPECT_EQ(PredictCriterionLabel("A 40 year old woman. BMI 34.", true, "BMI >= 27"), "included");
  EXPECT_EQ(PredictCriterionLabel("A 40 year old woman. BMI 34.", true,
                                  "a) BMI >= 27 with 2 complications or b) BMI >= 35 kg/m2"),
            "not enough information");
}

TEST(EvaluationTest, ScoresRankingAndCriteriaFiles) {
  TempDir directory;
  const auto trials = directory.Write(
      "trials.jsonl",
      R"({"nct_id": "NCT00000001", "title": "Chest pain and angina in women", "summary": "Angina study.", "sex": "Female", "minimum_age": "18 Years", "maximum_age": "N/A"}
{"nct_id": "NCT00000002", "title": "Knee surgery", "summary": "Knee replacement outcomes.", "sex": "Both", "minimum_age": "18 Years", "maximum_age": "N/A"}
{"nct_id": "NCT00000003", "title": "Chest pain in men", "summary": "Chest pain in men.", "sex": "Male", "minimum_age": "18 Years", "maximum_age": "N/A"}
)");
  const auto patients = directory.Write(
      "patients.jsonl", R"({"id": "p1", "text": "A 58-year-old woman with chest pain and angina."}
)");
  const auto qrels = directory.Write(
      "qrels.tsv", "patient_id\tnct_id\trelevance\np1\tNCT00000001\t2\np1\tNCT00000003\t0\n");
  Result<RankingEvaluation> ranking =
      EvaluateRanking(trials, patients, qrels, directory.path() / "work");
  ASSERT_TRUE(ranking.ok()) << ranking.status().message();
  EXPECT_EQ(ranking->trials, 3);
  EXPECT_EQ(ranking->trialfinder.patients, 1);
  EXPECT_DOUBLE_EQ(ranking->trialfinder.ndcg_at_10, 1.0);  // the relevant trial first
  EXPECT_DOUBLE_EQ(ranking->trialfinder.precision_at_10, 0.1);
  EXPECT_GT(ranking->baseline.ndcg_at_10, 0.0);

  const auto bad_qrels = directory.Write("bad.tsv", "p1\tNCT00000001\t7\n");
  Result<RankingEvaluation> bad =
      EvaluateRanking(trials, patients, bad_qrels, directory.path() / "work2");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 1: relevance '7'"), std::string::npos)
      << bad.status().message();

  const auto labels = directory.Write(
      "labels.jsonl",
      R"({"patient_id": "p1", "note": "A 58-year-old woman.", "trial_id": "NCT00000001", "trial_title": "t", "criterion_type": "inclusion", "criterion_text": "Age 18 to 65 years", "expert_eligibility": "included"}
{"patient_id": "p1", "note": "A 58-year-old woman.", "trial_id": "NCT00000001", "trial_title": "t", "criterion_type": "exclusion", "criterion_text": "Pregnancy", "expert_eligibility": "not applicable"}
{"patient_id": "p1", "note": "A 58-year-old woman.", "trial_id": "NCT00000001", "trial_title": "t", "criterion_type": "exclusion", "criterion_text": "Dementia", "expert_eligibility": "not excluded"}
{"patient_id": "p1", "note": "A 58-year-old woman.", "trial_id": "NCT00000001", "trial_title": "t", "criterion_type": "exclusion", "criterion_text": "Asthma", "expert_eligibility": "excluded"}
)");
  Result<CriteriaEvaluation> criteria = EvaluateCriteria(labels);
  ASSERT_TRUE(criteria.ok()) << criteria.status().message();
  EXPECT_EQ(criteria->labels, 4);
  EXPECT_DOUBLE_EQ(criteria->accuracy, 0.75);  // asthma is not in the note: "not excluded"
  EXPECT_DOUBLE_EQ(criteria->majority_accuracy, 0.25);
}

}  // namespace
}  // namespace trialfinder

namespace trialfinder {
namespace {

// Trials about the patient's conditions come first, however much more the
// search relevance of another is (fifth user test: a smoking-cessation
// trial ranked below four about other diseases for a smoker); excluded
// trials come last.
TEST(RankingScoreTest, TrialsAboutThePatientComeFirst) {
  TrialMatch about;
  about.studies_patient_condition = true;
  about.status = EligibilityStatus::kPossiblyEligible;
  about.relevance = 0.1;
  about.unknown = 12;
  TrialMatch other;
  other.studies_patient_condition = false;
  other.status = EligibilityStatus::kPossiblyEligible;
  other.relevance = 1.0;
  EXPECT_GT(RankingScore(about), RankingScore(other));
  TrialMatch likely = about;
  likely.status = EligibilityStatus::kLikelyEligible;
  EXPECT_GT(RankingScore(likely), RankingScore(about));
  TrialMatch excluded = about;
  excluded.status = EligibilityStatus::kExcluded;
  excluded.relevance = 1.0;
  EXPECT_LT(RankingScore(excluded), RankingScore(other));
}

}  // namespace
}  // namespace trialfinder
