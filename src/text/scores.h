// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Clinical scores (ECOG, KPS, SLEDAI-2K, ...) as criteria and case notes
// write them, brought to one name so a criterion ("ECOG performance status
// <= 2") and a patient ("ECOG 1") can be compared. The vocabulary is
// data/lexicon/scores.tsv; a score it does not list is not read at all.

#ifndef TRIALFINDER_TEXT_SCORES_H_
#define TRIALFINDER_TEXT_SCORES_H_

#include <string>

namespace trialfinder {

// The regular-expression alternatives that name a score in lower-case text
// ("sledai(?:-2k...)?|bilag...|..."), in file order, without a group.
const std::string& ScoreNamePattern();

// A score name as matched by ScoreNamePattern() -> the name it is compared
// under: "karnofsky performance status" -> "KPS", "mrss" -> "mRSS",
// "child-pugh score" -> "CHILD-PUGH". Text the vocabulary does not list is
// upper-cased with a trailing " score" (and the like) dropped.
std::string CanonicalScoreName(const std::string& written);

// Lower-case `text` with the Roman numerals of NYHA classes written as
// digits ("nyha class ii or iii" -> "nyha class 2 or 3", "nyha class iv"
// -> "nyha class 4"), so that they read as a score. Other Roman numerals
// (cancer stages) are left as they are.
std::string WithArabicClasses(const std::string& text);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_SCORES_H_
