// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Whom a free-text note is about: the writer, or someone the writer names
// first ("My son has asthma, he is 12", "I'm caring for my mom, she is 74
// with breast cancer"). Private to src/match/.

#ifndef TRIALFINDER_MATCH_WHOM_ABOUT_H_
#define TRIALFINDER_MATCH_WHOM_ABOUT_H_

#include <optional>
#include <string_view>

#include "trialfinder/patient.h"

namespace trialfinder {

// When `text` starts with someone the writer names (a child always; an
// adult relative only when the writer says nothing of themselves and the
// first sentence says what the relative has now), sets
// `patient.described_relation` ("son") and, if not set, the sex the word
// gives, and returns the age the text states for them ("he is 12", "my
// father is 74"). nullopt and nothing set otherwise: "My mother had breast
// cancer" stays family history. Not guaranteed: only the start of the text
// is read, in English.
std::optional<double> ReadWhomItIsAbout(std::string_view text, Patient& patient);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_WHOM_ABOUT_H_
