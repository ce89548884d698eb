// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// When a case note says something happened ("an uncomplicated myocardial
// infarction 2 years earlier"), against a criterion's time window
// ("within 3 months prior to screening").

#ifndef TRIALFINDER_MATCH_NOTE_TIMING_H_
#define TRIALFINDER_MATCH_NOTE_TIMING_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "match/constraint_judge.h"
#include "match/judged_parts.h"
#include "trialfinder/criteria.h"

namespace trialfinder {

// How many months ago the clause says the thing it names as one of
// `names` happened: the first time after the name ("a myocardial
// infarction 2 years earlier and a TIA 6 months ago" gives 24 for the
// infarction, 6 for the TIA), or the only one in the clause. Reads "N
// days/weeks/months/years ago/earlier/before/prior", "last week/month/year",
// "yesterday" and "today"/"this morning". Approximate (a year is 12 months,
// a week 1/4.345 of one); nullopt for vague times ("several years ago"),
// dates and durations ("for the past 3 months"), and when no name is in
// the clause.
std::optional<double> MonthsAgoInClause(std::string_view clause,
                                        const std::vector<std::string>& names);

// Whether the clause says what it names as one of `names` is going on now:
// "current smoker", "currently has active hepatitis C", "still drinks",
// "smokes a pack a day", "I smoke". Reads "current", "active", "ongoing"
// or "still" at most two words before a name, and a one-word name as a
// verb in the present tense with its subject or an amount. Names are found
// as written or by their stems. Not a guarantee: "still" may qualify
// something else in the clause.
bool GoingOnNowInClause(std::string_view clause, const std::vector<std::string>& names);

// For a criterion about something had within a time ("myocardial
// infarction within 3 months", "chemotherapy within 4 weeks of the first
// dose") that the case note states and times: outside the window, an
// inclusion is not met and an exclusion does not apply; inside, both hold,
// and an exclusion is no longer "when it happened is not known". True when
// it decided; does nothing (false) unless every part judged true names
// what a note clause times, and the criterion has one "within" window.
// Structured records (evidence "record: ...") give no times here.
bool ApplyNoteTiming(const Criterion& criterion, const JudgedParts& judged, Judgement& combined);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_NOTE_TIMING_H_
