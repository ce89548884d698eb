// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

#include "trialfinder/match.h"
#include "trialfinder/patient.h"

namespace trialfinder {
namespace {

TEST(QuestionsTest, AskInPlainWords) {
  EXPECT_EQ(QuestionText("condition:malignancy"), "Have you been diagnosed with cancer?");
  EXPECT_EQ(QuestionText("condition:hbv"), "Have you ever tested positive for hepatitis B?");
  // An abbreviation is written in capitals, as the concept table has it.
  EXPECT_EQ(QuestionText("condition:hiv"), "Have you ever tested positive for HIV?");
  EXPECT_EQ(QuestionText("condition:copd"), "Have you been diagnosed with COPD?");
  EXPECT_EQ(QuestionText("condition:surgery"), "Have you had surgery?");
  EXPECT_EQ(QuestionText("condition:active infection"), "Do you have an active infection?");
  EXPECT_EQ(QuestionText("treatment:car-t"), "Have you received CAR-T cell therapy before?");
  EXPECT_EQ(QuestionText("pregnant"), "Are you pregnant?");
  EXPECT_EQ(QuestionText("condition:smoking"), "Do you smoke?");
  EXPECT_EQ(QuestionText("condition:exercise"), "");  // not a diagnosis: never asked
}

TEST(QuestionsTest, AnswersYesNoAndUnsure) {
  Patient patient;
  ASSERT_TRUE(ApplyAnswerText("condition:hiv=no", patient).ok());
  ASSERT_EQ(patient.conditions.size(), 1u);
  EXPECT_FALSE(patient.conditions[0].present);
  ASSERT_TRUE(ApplyAnswerText("pregnant=unsure", patient).ok());
  EXPECT_FALSE(patient.pregnant.has_value());
  EXPECT_EQ(patient.unsure, (std::vector<std::string>{"pregnant"}));
  // Answering later replaces "not sure".
  ASSERT_TRUE(ApplyAnswerText("pregnant=no", patient).ok());
  EXPECT_TRUE(patient.unsure.empty());
  EXPECT_EQ(patient.pregnant, false);
  EXPECT_FALSE(ApplyAnswerText("pregnant=maybe", patient).ok());
  EXPECT_FALSE(ApplyAnswerText("pregnant", patient).ok());
  EXPECT_FALSE(ApplyAnswerText("favourite colour=yes", patient).ok());
}

TrialMatch TrialAsking(const std::string& key, bool about_patient) {
  TrialMatch trial;
  trial.studies_patient_condition = about_patient;
  CriterionVerdict verdict;
  verdict.verdict = Verdict::kUnknown;
  Question question;
  question.key = key;
  question.text = QuestionText(key);
  question.yes_excludes = true;
  verdict.question = question;
  trial.criteria.push_back(verdict);
  return trial;
}

TEST(QuestionsTest, NextQuestionIsAboutTrialsForThePatientAndNeverAnUnsureOne) {
  const std::vector<TrialMatch> trials = {TrialAsking("condition:surgery", false),
                                          TrialAsking("condition:surgery", false),
                                          TrialAsking("condition:hbv", true)};
  std::optional<Question> next = ChooseNextQuestion(trials);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->key, "condition:hbv");  // decides the one trial about her disease
  next = ChooseNextQuestion(trials, {"condition:hbv"});
  EXPECT_FALSE(next.has_value());
  // Only trials of other conditions left: nothing to ask someone who named
  // theirs (user test: an asthmatic teenager asked about stem cell
  // transplants); someone who named none is still asked.
  const std::vector<TrialMatch> others = {TrialAsking("treatment:stem cell transplant", false)};
  EXPECT_FALSE(ChooseNextQuestion(others, {}, true).has_value());
  EXPECT_TRUE(ChooseNextQuestion(others, {}, false).has_value());
}

// A name in a question is worded plainly only as a whole: a modifier
// replaced alone reads badly (user test: "that has spread cancer").
TEST(QuestionsTest, PossessivesAndTobaccoReadWell) {
  // User test: "parkinson s disease", "diagnosed with tobacco".
  EXPECT_EQ(QuestionText("condition:parkinson s disease"),
            "Have you been diagnosed with parkinson's disease?");
  EXPECT_EQ(QuestionText("condition:tobacco"), "Do you smoke or use tobacco?");
  EXPECT_EQ(QuestionText("condition:smokers"), "Do you smoke?");
  // Second helper of the fifth user test: jargon asked as a diagnosis.
  EXPECT_EQ(QuestionText("condition:postpartum"), "Have you given birth in the last few months?");
  EXPECT_EQ(QuestionText("condition:dysphagia"), "Do you have trouble swallowing?");
  EXPECT_EQ(QuestionText("condition:sialorrhea"), "Do you have excessive drooling?");
}

TEST(QuestionsTest, NamesArePlainOnlyAsAWhole) {
  EXPECT_EQ(QuestionText("condition:malignancy"), "Have you been diagnosed with cancer?");
  EXPECT_EQ(QuestionText("condition:metastatic cancer"),
            "Have you been diagnosed with metastatic cancer?");
  EXPECT_EQ(QuestionText("condition:pulmonary hypertension"),
            "Have you been diagnosed with pulmonary hypertension?");
  // Classes too vague to answer are not asked (user test).
  EXPECT_EQ(QuestionText("treatment:standard therapy"), "");
  EXPECT_EQ(QuestionText("treatment:small molecule"), "");
  EXPECT_EQ(QuestionText("treatment:rituximab"), "Have you been treated with rituximab?");
}

// One answer answers every key asked in the same words ("Do you smoke?"
// for smoking and cigarette smoking; user test: asked twice).
TEST(QuestionsTest, AnAnswerCoversKeysAskedInTheSameWords) {
  Patient patient;
  ASSERT_TRUE(ApplyAnswer("condition:smoking", Answer::kYes, patient).ok());
  ASSERT_NE(patient.FindCondition("smoking"), nullptr);
  ASSERT_NE(patient.FindCondition("cigarette smoking"), nullptr);
  EXPECT_TRUE(patient.FindCondition("cigarette smoking")->present);
}

}  // namespace
}  // namespace trialfinder
