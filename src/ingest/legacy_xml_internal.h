// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The pieces of the legacy <clinical_study> XML conversion (ConvertLegacyXml
// in legacy_xml.cc) that its files share. Private to ingest/:
//   legacy_xml_values.cc  reading text, labels and dates out of the XML and
//                         setting them in the API v2 JSON;
//   legacy_xml_design.cc  the design and eligibility modules, whose legacy
//                         labels and ages are parsed, not copied;
//   legacy_xml.cc         the other modules and the whole record.

#ifndef TRIALFINDER_INGEST_LEGACY_XML_INTERNAL_H_
#define TRIALFINDER_INGEST_LEGACY_XML_INTERNAL_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace trialfinder::legacy_xml {

// The API v2 record is built with its keys in the registry's order.
using OrderedJson = nlohmann::ordered_json;

// `text` without leading and trailing white space.
std::string Trim(std::string_view text);

// The trimmed text of `node`, or of its first child element named `child`;
// "" when the node or the child is missing.
std::string Text(const pugi::xml_node& node);
std::string Text(const pugi::xml_node& node, const char* child);

// A <textblock> without the XML's indentation: the common leading white
// space of the non-blank lines is removed (CRLF read as LF), blank lines at
// either end are dropped.
std::string Dedent(std::string_view block);

// The text of `tag`, or of `older_tag` where older files used that name
// (their own comment: lastchanged_date became last_update_submitted, ...).
std::string TextOrOlder(const pugi::xml_node& node, const char* tag, const char* older_tag);

// The dedented <textblock> of the child element `child`; "" when absent.
std::string TextBlock(const pugi::xml_node& node, const char* child);

// "Active, not recruiting" -> "ACTIVE_NOT_RECRUITING", "Case-Control" ->
// "CASE_CONTROL": the API v2 spelling of a legacy display label. Every run
// of characters that are not letters or digits becomes one '_' between
// words; "" for a label without letters or digits.
std::string EnumFromLabel(std::string_view label);

// An overall or site status label as API v2 spells it ("Unknown status"
// -> "UNKNOWN").
std::string StatusFromLabel(std::string_view label);

// The type of a date or enrollment: "Actual" -> "ACTUAL", anything else
// (Anticipated, Estimate) -> "ESTIMATED".
std::string DateTypeFromLabel(std::string_view label);

// A sponsor's agency class: "U.S. Fed" -> "FED", "Individual" -> "INDIV",
// "Ambiguous"/"Ambig" -> "AMBIG", others as EnumFromLabel spells them.
std::string AgencyClassFromLabel(std::string_view label);

// "Yes" -> true, "No" -> false, anything else (missing) -> nullopt.
std::optional<bool> YesNo(std::string_view text);

// "January 15, 2005" -> "2005-01-15", "January 2005" -> "2005-01"; other
// text trimmed but otherwise as it is, for the record parser to judge.
std::string IsoDate(std::string_view text);

// Sets object[key] to `value` unless it is empty.
void SetText(OrderedJson& object, const char* key, const std::string& value);

// Sets object[key] to {"date": ISO date, "type": ACTUAL|ESTIMATED} from a
// date element with an optional type attribute; nothing when `node` is
// missing or empty.
void SetDateStruct(OrderedJson& object, const char* key, const pugi::xml_node& node);

// Sets parent[key] to `value` unless it is an empty object, array or null.
void SetUnlessEmpty(OrderedJson& parent, const char* key, OrderedJson value);

// The designModule of <clinical_study> `study`: study type, expanded
// access types, phases, design info (from <study_design_info> or, in older
// records, the one-sentence <study_design>), bio-specimens and enrollment,
// in API v2 names and enums. Empty when the XML says none of these.
OrderedJson DesignModule(const pugi::xml_node& study);

// The eligibilityModule of `study`: criteria text, healthy volunteers,
// sex and gender details, age bounds (as written; one that does not parse
// is kept for the study parser to report), the standard age groups the
// bounds imply (only when there is an <eligibility> element), study
// population and sampling method.
OrderedJson EligibilityModule(const pugi::xml_node& study);

}  // namespace trialfinder::legacy_xml

#endif  // TRIALFINDER_INGEST_LEGACY_XML_INTERNAL_H_
