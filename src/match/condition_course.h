// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Whether a condition a free-text note names is over, as the note says
// ("no longer have cancer", "my breast cancer is in remission", "cured of
// hepatitis C", "cancer-free"). Private to src/match/.

#ifndef TRIALFINDER_MATCH_CONDITION_COURSE_H_
#define TRIALFINDER_MATCH_CONDITION_COURSE_H_

#include <string_view>

#include "trialfinder/patient.h"

namespace trialfinder {

// Sets `resolved` on each present condition of `patient` that `text` says
// is over: by its name ("breast cancer is in remission"), by its last word
// alone ("no longer have cancer" for breast cancer), or as "it" right after
// the name ("had breast cancer 10 years ago and it is cured"). A clause
// about someone else (a relative other than the one the note is about) is
// not read. Not guaranteed: time alone ("10 years ago") never makes a
// condition over; "no evidence of disease" and "cancer-free" are read for
// cancers only; English only.
void MarkResolvedConditions(std::string_view text, Patient& patient);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_CONDITION_COURSE_H_
