// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Cancer stages as records and criteria write them: AJCC stage groups
// ("stage IIIB", "stage 4", "American Joint Committee on Cancer stage
// IIIC"), TNM categories ("cT3 cN1 cM0", "T2N0M0"), and what an
// eligibility criterion asks of them ("stage IIIB or IV", "stage II or
// higher", "metastatic", "locally advanced or metastatic").
//
// Not guaranteed: stage groups mean different extents in different
// cancers, and this reads them as numbers (IIIA < IIIB < IV) for all. A
// patient known only by M1 is read as stage IV, which AJCC's 8th edition
// gives for nearly every solid tumour. Staging systems other than AJCC/UICC
// TNM (Ann Arbor, FIGO, Binet, ISS) are read only when they are written as
// "stage" with a roman or arabic number 0-4; non-cancer stages ("CKD stage
// 3", "stage 2 hypertension", "part 1 dose escalation") are recognised by
// their words and not read.

#ifndef TRIALFINDER_TEXT_CANCER_STAGE_H_
#define TRIALFINDER_TEXT_CANCER_STAGE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trialfinder {

// A stage group: 0-4 with an optional sub-stage letter.
struct StageGroup {
  int number = 0;   // 0 (in situ) to 4
  char letter = 0;  // 'A'..'D'; 0 when not given
  // "0", "IIIB", "IV".
  std::string ToString() const;
};

// Reads a stage group from a short text: "IIIB", "3b", "Stage IV",
// "stage 4", "cIIIA", "American Joint Committee on Cancer stage IIIC
// (qualifier value)". nullopt when the text holds none, or more than one.
std::optional<StageGroup> ParseStageGroup(std::string_view text);

// TNM categories, as AJCC writes them without the c/p/yp prefix: "T2a",
// "N1", "M1b"; empty when not given.
struct TnmCategories {
  std::string t, n, m;
};

// Reads the categories of a short text: "cT3 cN1 cM0", "T2N0M0", "pT1c",
// "M1 category (finding)", "American Joint Committee on Cancer cN2". What
// it does not find is left empty; nullopt when it finds none.
std::optional<TnmCategories> ParseTnm(std::string_view text);

// The stage numbers a patient's stage allows: {3} for IIIB, {4} for M1
// without a group, {0,1,2,3} for M0 without a group; empty when neither is
// known. `letter` is the group's letter, when known (0 otherwise).
struct StageKnown {
  std::vector<int> numbers;
  char letter = 0;
};
StageKnown KnownStage(const std::string& group, const std::string& m_category);

// What a criterion asks of the stage: the union of every stage phrase in it.
struct StageAsked {
  // Inclusive ranges of stage groups; a bound's letter 0 is any letter.
  std::vector<std::pair<StageGroup, StageGroup>> ranges;
  // "locally advanced or metastatic": stage IV meets it, I does not, II-III
  // may.
  bool locally_advanced = false;
  // The stage is one way of meeting the criterion among others ("stage IV
  // or recurrent disease"): a stage outside it does not fail the criterion.
  bool has_alternative = false;
  // A rule for patients of that stage ("patients with stage III NSCLC who
  // are not suitable for surgery"): it says nothing of other stages.
  bool conditional = false;
  // The text without the stage words, for reading what else it asks.
  std::string rest;
  // "stage iiib-iv; metastatic": the words read, for explanations.
  std::string phrase;
};

// What lower-case criterion text asks of a cancer's stage, if anything it
// can read: stage lists and ranges ("stage iiib, iiic or iv", "stage ii-
// iv", "stage ≥ ii", "stage iii or higher"), and "metastatic" (stage IV).
// nullopt for text about other stages (see the file comment), about a
// prior or other cancer ("history of stage iii melanoma"), or without a
// stage.
std::optional<StageAsked> ReadStageAsked(std::string_view lower_text);

enum class StageFit { kYes, kNo, kUnsure };

// Whether a patient's stage meets what a criterion asks.
StageFit FitStage(const StageAsked& asked, const StageKnown& known);

// The last stage group and the first TNM written in lower-case case-note text about
// a cancer ("stage iiib non-small cell lung cancer", "t2n1m0"): only when
// the same sentence names a cancer, and not "stage" of another kind.
struct StageInText {
  std::string group;  // "IIIB" or ""
  TnmCategories tnm;
  std::string words;  // the words read
};
std::optional<StageInText> FindStageInText(std::string_view lower_text);

// Whether lower-case text names a cancer ("carcinoma", "nsclc", "lymphoma").
bool NamesACancer(std::string_view lower_text);

// Whether a stage group and an M category contradict each other: distant
// metastasis (M1) is stage IV, so "IA" with "M1b" cannot both be right.
// (Stage IV without M1 can be: head and neck IVA is M0.)
bool StageConflicts(const std::string& group, const std::string& m_category);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_CANCER_STAGE_H_
