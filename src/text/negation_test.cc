// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/negation.h"

#include <gtest/gtest.h>

#include "text/clinical_text.h"

namespace trialfinder {
namespace {

bool NegatedAt(const std::string& text, const std::string& mention) {
  return NegationCues::Builtin().NegatedBefore(text, text.find(mention));
}

TEST(NegationTest, CriteriaCueBeforeAMentionInTheSameClause) {
  EXPECT_TRUE(NegatedAt("no history of diabetes", "diabetes"));
  EXPECT_TRUE(NegatedAt("patients without active hepatitis b", "hepatitis"));
  EXPECT_TRUE(NegatedAt("must be negative for hiv", "hiv"));
  EXPECT_TRUE(NegatedAt("any malignancy except basal cell carcinoma", "basal"));
  EXPECT_FALSE(NegatedAt("history of diabetes", "diabetes"));
  // Punctuation ends the cue's scope.
  EXPECT_FALSE(NegatedAt("no consent; diabetes", "diabetes"));
  // Pseudo-negations are not cues.
  EXPECT_FALSE(NegatedAt("infections including but not limited to hiv", "hiv"));
  EXPECT_FALSE(NegatedAt("whether or not treated, hepatitis", "hepatitis"));
  // "non-" negates the word right after it only: a disease name stays.
  EXPECT_TRUE(NegatedAt("male or non-pregnant female", "pregnant"));
  EXPECT_FALSE(NegatedAt("stage iv non-small cell lung cancer", "lung"));
  // A two-way cue right before a mention negates it, unless hyphenated
  // to a marker: "her2-negative breast cancer" names a cancer.
  EXPECT_TRUE(NegatedAt("negative hiv test at screening", "hiv"));
  EXPECT_FALSE(NegatedAt("her2-negative breast cancer", "breast"));
  EXPECT_FALSE(NegatedAt("triple negative breast cancer", "breast"));
}

TEST(NegationTest, TestResultsAfterAMention) {
  const NegationCues& cues = NegationCues::Builtin();
  auto after = [&](const std::string& text, const std::string& mention) {
    return cues.NegatedAfter(text, text.find(mention) + mention.size());
  };
  EXPECT_TRUE(after("hiv test negative at screening", "hiv"));
  EXPECT_TRUE(after("hbsag-negative", "hbsag"));
  EXPECT_TRUE(after("hepatitis c antibody non-reactive", "hepatitis c"));
  EXPECT_FALSE(after("hiv positive", "hiv"));
  EXPECT_FALSE(after("hiv, negative pregnancy test", "hiv"));
  EXPECT_FALSE(after("breast cancer negative for her2", "breast cancer"));
}

TEST(NegationTest, CueAtFindsTheLongestCue) {
  const NegationCues& cues = NegationCues::Builtin();
  const std::vector<std::string> words = {"including", "not", "limited", "to", "no", "longer"};
  auto cue = cues.CueAt(words, 1);
  ASSERT_TRUE(cue.has_value());
  EXPECT_EQ(cue->role, CueRole::kPseudo);
  EXPECT_EQ(cue->length, 3u);
  cue = cues.CueAt(words, 4);
  ASSERT_TRUE(cue.has_value());
  EXPECT_EQ(cue->role, CueRole::kPseudo);
  EXPECT_FALSE(cues.CueAt(words, 0).has_value());
  EXPECT_EQ(cues.CueAt({"denies"}, 0)->role, CueRole::kForward);
  EXPECT_EQ(cues.CueAt({"but"}, 0)->role, CueRole::kClauseBreak);
}

TEST(NegationTest, CaseNotesShareTheCriteriaVocabulary) {
  // "lacks" and "neither ... nor" were known to one reader only.
  EXPECT_EQ(ClinicalText("She lacks energy.").Find("energy").status, MentionStatus::kNegated);
  EXPECT_EQ(ClinicalText("neither fever nor cough").Find("cough").status, MentionStatus::kNegated);
  EXPECT_EQ(ClinicalText("non-small cell lung cancer").Find("lung cancer").status,
            MentionStatus::kAffirmed);
  EXPECT_EQ(ClinicalText("He is a non-smoker.").Find("smoker").status, MentionStatus::kNegated);
  EXPECT_EQ(ClinicalText("no longer smokes, has asthma").Find("asthma").status,
            MentionStatus::kAffirmed);
  // "except" flips the scope it interrupts.
  EXPECT_EQ(ClinicalText("no symptoms except headache").Find("headache").status,
            MentionStatus::kAffirmed);
  EXPECT_EQ(ClinicalText("all vaccines given except measles").Find("measles").status,
            MentionStatus::kNegated);
  EXPECT_EQ(ClinicalText("family history of breast cancer").Find("breast cancer").status,
            MentionStatus::kOtherPerson);
}

// A cue reaches a list's last item across commas when "or"/"and" leads to
// it, not a phrase after a comma that starts something else.
TEST(NegationTest, ListsAfterACue) {
  const NegationCues& cues = NegationCues::Builtin();
  const std::string list = "no serious heart, lung, liver, or kidney disease";
  EXPECT_TRUE(cues.NegatedBefore(list, list.find("kidney")));
  const std::string other = "no prior therapy, with measurable disease";
  EXPECT_FALSE(cues.NegatedBefore(other, other.find("measurable")));
}

// Contractions negate as their long forms do; "didn't help" is no
// negation, like "did not help".
TEST(NegationTest, ContractionsNegate) {
  for (const char* text : {"I don't have diabetes", "I dont have diabetes",
                           "I haven't had diabetes", "I don\u2019t have diabetes"}) {
    EXPECT_EQ(ClinicalText(text).Find("diabetes").status, MentionStatus::kNegated) << text;
  }
  EXPECT_EQ(ClinicalText("Plaquenil didn't help my lupus").Find("lupus").status,
            MentionStatus::kAffirmed);
}

// What a note says is suspected or to be ruled out is neither affirmed nor
// denied; a denial or an affirmation elsewhere in the note speaks louder.
TEST(NegationTest, SuspectedAndRuledOutAreUncertain) {
  for (const char* text : {"CT to rule out pulmonary embolism", "suspected pulmonary embolism",
                           "evaluated for possible pulmonary embolism"}) {
    EXPECT_EQ(ClinicalText(text).Find("pulmonary embolism").status, MentionStatus::kUncertain)
        << text;
  }
  EXPECT_EQ(ClinicalText("Pulmonary embolism was ruled out").Find("pulmonary embolism").status,
            MentionStatus::kNegated);
  EXPECT_EQ(ClinicalText("Suspected pulmonary embolism. CT showed no pulmonary embolism.")
                .Find("pulmonary embolism")
                .status,
            MentionStatus::kNegated);
  EXPECT_EQ(ClinicalText("Suspected pulmonary embolism. CT confirmed a pulmonary embolism.")
                .Find("pulmonary embolism")
                .status,
            MentionStatus::kAffirmed);
  // Still what the patient is seen for.
  EXPECT_NE(ClinicalText("suspected appendicitis").AffirmedText().find("appendicitis"),
            std::string::npos);
}

// A procedure at a vertebral level is found by the words criteria use for
// it, in the scope it was written in; the clause (the evidence) is kept as
// written.
TEST(ClinicalTextTest, AVertebralLevelNamesTheSpineRegion) {
  const ClinicalText fused("Back pain, 2 years after L4-L5 fusion.");
  EXPECT_EQ(fused.Find("lumbar spine surgery").status, MentionStatus::kAffirmed);
  EXPECT_EQ(fused.Find("spinal fusion").status, MentionStatus::kAffirmed);
  EXPECT_EQ(fused.Find("back surgery").status, MentionStatus::kAffirmed);
  EXPECT_EQ(fused.Find("cervical spine surgery").status, MentionStatus::kNotMentioned);
  EXPECT_EQ(fused.Find("spinal fusion").clause, "Back pain, 2 years after L4-L5 fusion");
  const ClinicalText neck("She had a C5-6 discectomy.");
  EXPECT_EQ(neck.Find("cervical spine surgery").status, MentionStatus::kAffirmed);
  EXPECT_EQ(neck.Find("neck surgery").status, MentionStatus::kAffirmed);
  EXPECT_EQ(neck.Find("lumbar spine surgery").status, MentionStatus::kNotMentioned);
  EXPECT_EQ(ClinicalText("No L5-S1 fusion.").Find("spinal fusion").status, MentionStatus::kNegated);
  EXPECT_EQ(ClinicalText("L4-L5 stenosis").Find("lumbar spinal stenosis").status,
            MentionStatus::kAffirmed);
  // A region before it, or a level after it.
  EXPECT_EQ(ClinicalText("had lumbar fusion surgery (L4-L5) in 2023").Find("spinal fusion").status,
            MentionStatus::kAffirmed);
  EXPECT_EQ(ClinicalText("a discectomy at L5-S1").Find("lumbar spine surgery").status,
            MentionStatus::kAffirmed);
  EXPECT_EQ(ClinicalText("back surgery in 2010").Find("spinal surgery").status,
            MentionStatus::kAffirmed);
  EXPECT_EQ(ClinicalText("knee surgery in 2010").Find("spine surgery").status,
            MentionStatus::kNotMentioned);
  // A level with no procedure after it adds nothing.
  EXPECT_EQ(ClinicalText("Pain radiating to L5").Find("spine surgery").status,
            MentionStatus::kNotMentioned);
}

// A result hyphenated to its marker negates the marker, not what follows;
// the relation that names the patient is no one else.
TEST(ClinicalTextTest, AHyphenatedResultIsTheMarkers) {
  const ClinicalText note("ER-positive HER2-negative metastatic breast cancer");
  EXPECT_EQ(note.Find("metastatic breast cancer").status, MentionStatus::kAffirmed);
  EXPECT_EQ(note.Find("her2").status, MentionStatus::kNegated);
  EXPECT_EQ(note.Find("er").status, MentionStatus::kAffirmed);
  EXPECT_EQ(note.Find("metastatic breast cancer").clause,
            "ER-positive HER2-negative metastatic breast cancer");
  EXPECT_EQ(ClinicalText("Triple-negative metastatic breast cancer").Find("breast cancer").status,
            MentionStatus::kAffirmed);
  // Not hyphenated: a cue before a finding still negates it.
  EXPECT_EQ(ClinicalText("Negative for metastatic breast cancer").Find("breast cancer").status,
            MentionStatus::kNegated);
  EXPECT_EQ(ClinicalText("My son has asthma").Find("asthma").status, MentionStatus::kOtherPerson);
  EXPECT_EQ(ClinicalText("My son has asthma", "son").Find("asthma").status,
            MentionStatus::kAffirmed);
  EXPECT_EQ(
      ClinicalText("My son has asthma. His father has diabetes.", "son").Find("diabetes").status,
      MentionStatus::kOtherPerson);
}

}  // namespace
}  // namespace trialfinder
