// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What changed between two versions of a study, in sentences for people
// who follow a search (the Atom feeds): status, sites, dates, enrollment,
// eligibility, results.

#ifndef TRIALFINDER_SERVER_STUDY_CHANGES_H_
#define TRIALFINDER_SERVER_STUDY_CHANGES_H_

#include <string>
#include <vector>

#include "trialfinder/study.h"

namespace trialfinder {

// One sentence per kind of change from `before` to `after`, most important
// first: "Status: Recruiting → Active, not recruiting.", "2 sites added:
// Boston, Massachusetts; Lyon, France.", "Primary completion date: 2027-01
// → 2027-06.". Empty when none of these changed (other fields may have:
// the registry counts any edit as an update). Sites are compared by
// facility, city and country; a renamed facility reads as one removed and
// one added.
std::vector<std::string> DescribeChanges(const Study& before, const Study& after);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_STUDY_CHANGES_H_
