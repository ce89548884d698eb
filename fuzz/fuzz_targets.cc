// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "fuzz/fuzz_targets.h"

#include <string>
#include <utility>
#include <vector>

#include "search/advanced_filter.h"
#include "server/http_message.h"
#include "trialfinder/criteria.h"
#include "trialfinder/ingest.h"
#include "trialfinder/patient.h"
#include "trialfinder/search.h"
#include "trialfinder/study_json.h"

namespace trialfinder::fuzz {

void StudyJson(std::string_view input) {
  for (JsonLayout layout : {JsonLayout::kDetect, JsonLayout::kOnePerLine}) {
    SplitJsonRecords(
        input, "fuzz",
        [](SourceRecord&& record) {
          if (record.error.ok()) (void)ParseStudyJson(record.json_text);
        },
        layout);
  }
}

void LegacyXml(std::string_view input) {
  Result<std::string> converted = ConvertLegacyXml(input);
  if (converted.ok()) (void)ParseStudyJson(*converted);
}

void EligibilityText(std::string_view input) {
  const CriteriaLexicon lexicon;
  const ParsedCriteria parsed =
      EligibilityParser(lexicon).Parse(input, {"systemic lupus erythematosus"});
  (void)ParsedCriteriaToJson(parsed);
}

void SearchParameters(std::string_view input) {
  (void)ParseSearchParameters(ParseQueryString(input));
}

void AdvancedFilter(std::string_view input) {
  (void)BuildAdvancedFilter(std::string(input), nullptr,
                            [](const std::string&, const std::string&, Expansion) {
                              return std::optional<Xapian::Query>();
                            });
}

void PatientInput(std::string_view input) {
  const CriteriaLexicon lexicon;
  const CaseReader reader(lexicon);
  Result<Patient> patient = ParsePatientJson(input, reader);
  if (patient.ok()) (void)PatientToJson(*patient);
  Patient from_text;
  reader.Read(std::string(input), from_text);
}

Target FindTarget(std::string_view name) {
  static const std::pair<std::string_view, Target> kTargets[] = {
      {"study_json", StudyJson},
      {"legacy_xml", LegacyXml},
      {"eligibility_text", EligibilityText},
      {"search_parameters", SearchParameters},
      {"advanced_filter", AdvancedFilter},
      {"patient_input", PatientInput}};
  for (const auto& [target_name, target] : kTargets) {
    if (target_name == name) return target;
  }
  return nullptr;
}

}  // namespace trialfinder::fuzz
