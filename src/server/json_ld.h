// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What search engines read on a trial page: schema.org MedicalTrial
// JSON-LD, a meta description and the page's canonical address.

#ifndef TRIALFINDER_SERVER_JSON_LD_H_
#define TRIALFINDER_SERVER_JSON_LD_H_

#include <nlohmann/json.hpp>
#include <string>

#include "trialfinder/study.h"

namespace trialfinder {

// At most this many sites go into studyLocation (a trial can have 1,000+).
inline constexpr std::size_t kJsonLdSites = 50;

// The study as a schema.org MedicalTrial: name, alternateName (official
// title), identifier (NCT ID), url (`page_url`), description (brief
// summary), status (MedicalStudyStatus; left out for registry statuses
// schema.org has no member for, such as UNKNOWN), phase, trialDesign
// (randomized, blinding, placebo), healthCondition, sponsor, studyLocation
// (the first kJsonLdSites sites) and, as mainEntityOfPage, the page with
// the record's first-posted and last-updated dates.
nlohmann::ordered_json MedicalTrialJsonLd(const Study& study, const std::string& page_url);

// `value` as JSON text that is safe inside <script>: "</" and "<!--"
// cannot close or comment the element (written "<\/", "<\!--").
std::string ScriptSafeJson(const nlohmann::ordered_json& value);

// One or two sentences (at most 160 characters, cut at a word) for
// <meta name="description">: status, phase and conditions, then the start
// of the brief summary.
std::string MetaDescription(const Study& study);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_JSON_LD_H_
