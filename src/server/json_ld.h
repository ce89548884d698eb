// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What search engines read on a trial page: schema.org MedicalTrial
// JSON-LD, a meta description and the page's canonical address.

#ifndef TRIALFINDER_SERVER_JSON_LD_H_
#define TRIALFINDER_SERVER_JSON_LD_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "trialfinder/study.h"

namespace trialfinder {

// At most this many sites go into studyLocation (a trial can have 1,000+).
inline constexpr std::size_t kJsonLdSites = 50;

// The study as schema.org JSON-LD: a MedicalTrial (an interventional
// study; a MedicalObservationalStudy or, for expanded access, a
// MedicalStudy without phase and design): name, alternateName (official
// title), identifier (NCT ID), url (`page_url`), description (brief
// summary, as plain text), status (MedicalStudyStatus; left out for
// registry statuses schema.org has no member for, such as UNKNOWN), phase,
// trialDesign (randomized, blinding, placebo, multicenter, international),
// healthCondition, sponsor, studyLocation
// (the first kJsonLdSites sites) and, as mainEntityOfPage, the page with
// (submit dates where a legacy record has no posted ones)
// the record's first-posted and last-updated dates.
nlohmann::ordered_json MedicalTrialJsonLd(const Study& study, const std::string& page_url);

// `value` as JSON text that is safe inside <script>: "</" and "<!--"
// cannot close or comment the element (written "<\/", "<\!--").
std::string ScriptSafeJson(const nlohmann::ordered_json& value);

// One or two sentences (at most 160 bytes, cut at a word) for
// <meta name="description">: the kind of study (phase), its conditions and
// status, then the start of `summary` (the brief summary by default; the
// plain-language one on the patient page), or the title without one.
std::string MetaDescription(const Study& study);
std::string MetaDescription(const Study& study, std::string_view summary);

// Registry markdown as one line of plain text: escapes resolved ("\\>" is
// ">"), emphasis marks, list markers, headings marks and HTML tags dropped,
// whitespace (line breaks included) collapsed to single spaces. Not a
// markdown parser: links keep their brackets.
std::string PlainText(std::string_view markdown);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_JSON_LD_H_
