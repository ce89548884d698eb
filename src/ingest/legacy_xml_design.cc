// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The design and eligibility modules of a legacy <clinical_study>: the
// sections whose legacy labels are parsed into API v2 enums (masking,
// phases, the one-sentence design of older records) and whose age bounds
// decide the standard age groups (legacy_xml_internal.h).

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/legacy_xml_internal.h"
#include "trialfinder/age.h"

namespace trialfinder::legacy_xml {
namespace {

// Legacy "Masking: Double (Participant, Investigator)" and the older
// "Double Blind (Subject, Investigator)" as API v2 masking + whoMasked.
OrderedJson MaskingInfo(std::string_view label) {
  OrderedJson info;
  const std::size_t paren = label.find('(');
  std::string level = EnumFromLabel(label.substr(0, paren));
  if (level.rfind("NONE", 0) == 0 || level == "OPEN_LABEL") level = "NONE";
  const std::size_t blind = level.find("_BLIND");
  if (blind != std::string::npos) level = level.substr(0, blind);
  SetText(info, "masking", level);
  // "None (Open Label)" names no masked roles.
  if (paren != std::string_view::npos && level != "NONE") {
    OrderedJson who = OrderedJson::array();
    std::istringstream parts{std::string(label.substr(paren + 1))};
    for (std::string part; std::getline(parts, part, ',');) {
      std::string role = EnumFromLabel(part);
      if (role == "SUBJECT") role = "PARTICIPANT";
      if (role == "CAREGIVER") role = "CARE_PROVIDER";
      if (!role.empty()) who.push_back(role);
    }
    SetUnlessEmpty(info, "whoMasked", who);
  }
  return info;
}

// Sets the designInfo entry of one legacy design field (`key` as the XML
// element names it, "intervention_model") to `value` in API v2 spelling;
// fields API v2 does not have, and empty values, are skipped.
void SetDesignValue(OrderedJson& design, const std::string& key, const std::string& value) {
  if (value.empty()) return;
  if (key == "allocation") {
    design["allocation"] = EnumFromLabel(value) == "N_A" ? "NA" : EnumFromLabel(value);
  } else if (key == "intervention_model") {
    std::string model = EnumFromLabel(value);
    const std::size_t suffix = model.find("_ASSIGNMENT");
    design["interventionModel"] = model.substr(0, suffix);
  } else if (key == "intervention_model_description") {
    design["interventionModelDescription"] = value;
  } else if (key == "primary_purpose") {
    const std::string purpose = EnumFromLabel(value);
    design["primaryPurpose"] = purpose == "EDUCATIONAL_COUNSELING_TRAINING" ? "ECT" : purpose;
  } else if (key == "observational_model") {
    design["observationalModel"] = EnumFromLabel(value);
  } else if (key == "time_perspective") {
    design["timePerspective"] = EnumFromLabel(value);
  } else if (key == "masking") {
    OrderedJson masking = MaskingInfo(value);
    if (design.contains("maskingInfo")) masking.update(design["maskingInfo"]);
    design["maskingInfo"] = masking;
  } else if (key == "masking_description") {
    design["maskingInfo"]["maskingDescription"] = value;
  }
}

// Older records put the design in one string: "Allocation: Randomized,
// Endpoint Classification: Efficacy Study, Masking: Double Blind (Subject,
// Investigator), Primary Purpose: Treatment".
OrderedJson DesignInfoFromSentence(const std::string& sentence) {
  OrderedJson design;
  std::size_t pos = 0;
  while (pos < sentence.size()) {
    const std::size_t colon = sentence.find(':', pos);
    if (colon == std::string::npos) break;
    // The value runs to the next ", Key:" outside parentheses.
    std::size_t end = colon + 1;
    int depth = 0;
    for (; end < sentence.size(); ++end) {
      if (sentence[end] == '(') ++depth;
      if (sentence[end] == ')') --depth;
      if (sentence[end] == ',' && depth == 0 &&
          sentence.find(':', end) < sentence.find(',', end + 1)) {
        break;
      }
    }
    std::string key = EnumFromLabel(sentence.substr(pos, colon - pos));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    SetDesignValue(design, key, Trim(sentence.substr(colon + 1, end - colon - 1)));
    pos = end + 1;
  }
  return design;
}

// "Phase 1/Phase 2" -> {PHASE1, PHASE2}, "Phase 0" and "Early Phase 1" ->
// EARLY_PHASE1, "N/A" -> NA.
std::vector<std::string> PhasesFromLabel(const std::string& label) {
  if (label == "N/A") return {"NA"};
  std::vector<std::string> phases;
  std::istringstream parts{label};
  for (std::string part; std::getline(parts, part, '/');) {
    std::string phase = EnumFromLabel(part);
    if (phase == "PHASE_0" || phase == "EARLY_PHASE_1") phase = "EARLY_PHASE1";
    if (phase.rfind("PHASE_", 0) == 0) phase = "PHASE" + phase.substr(6);
    if (!phase.empty()) phases.push_back(phase);
  }
  return phases;
}

// API v2's standard age groups, derived from the bounds as the registry does:
// CHILD (birth-17), ADULT (18-64), OLDER_ADULT (65+).
OrderedJson StandardAges(const std::optional<Age>& minimum, const std::optional<Age>& maximum) {
  const double low = minimum ? minimum->InYears() : 0;
  const double high = maximum ? maximum->InYears() : 1000;
  OrderedJson groups = OrderedJson::array();
  if (low < 18) groups.push_back("CHILD");
  if (low < 65 && high >= 18) groups.push_back("ADULT");
  if (high >= 65) groups.push_back("OLDER_ADULT");
  return groups;
}

}  // namespace

OrderedJson DesignModule(const pugi::xml_node& study) {
  OrderedJson module;
  const std::string type = Text(study, "study_type");
  if (type.rfind("Observational", 0) == 0) {
    module["studyType"] = "OBSERVATIONAL";
    if (type.find("Patient Registry") != std::string::npos) module["patientRegistry"] = true;
  } else if (!type.empty() && type != "N/A") {
    module["studyType"] = EnumFromLabel(type);
  }
  const pugi::xml_node access = study.child("expanded_access_info");
  OrderedJson access_types;
  for (const char* kind : {"individual", "intermediate", "treatment"}) {
    const std::string flag = Text(access, ("expanded_access_type_" + std::string(kind)).c_str());
    if (auto value = YesNo(flag)) access_types[kind] = *value;
  }
  SetUnlessEmpty(module, "expandedAccessTypes", access_types);
  SetText(module, "targetDuration", Text(study, "target_duration"));
  if (study.child("phase")) {
    OrderedJson phases = OrderedJson::array();
    for (const std::string& phase : PhasesFromLabel(Text(study, "phase"))) phases.push_back(phase);
    SetUnlessEmpty(module, "phases", phases);
  }
  OrderedJson design;
  if (pugi::xml_node info = study.child("study_design_info")) {
    for (pugi::xml_node field : info.children()) SetDesignValue(design, field.name(), Text(field));
  } else {
    design = DesignInfoFromSentence(Text(study, "study_design"));
  }
  SetUnlessEmpty(module, "designInfo", design);
  OrderedJson bio_spec;
  const std::string retention = Text(study, "biospec_retention");
  if (!retention.empty()) bio_spec["retention"] = EnumFromLabel(retention);
  SetText(bio_spec, "description", TextBlock(study, "biospec_descr"));
  SetUnlessEmpty(module, "bioSpec", bio_spec);
  const pugi::xml_node enrollment = study.child("enrollment");
  if (enrollment && !Text(enrollment).empty()) {
    OrderedJson info = {{"count", std::atoll(Text(enrollment).c_str())}};
    if (enrollment.attribute("type")) {
      info["type"] = DateTypeFromLabel(enrollment.attribute("type").value());
    }
    module["enrollmentInfo"] = info;
  }
  return module;
}

OrderedJson EligibilityModule(const pugi::xml_node& study) {
  const pugi::xml_node node = study.child("eligibility");
  OrderedJson module;
  SetText(module, "eligibilityCriteria",
          Dedent(node.child("criteria").child("textblock").child_value()));
  const std::string healthy = Text(node, "healthy_volunteers");
  if (!healthy.empty()) module["healthyVolunteers"] = healthy.rfind("Accepts", 0) == 0;
  const std::string gender = Text(node, "gender");
  if (!gender.empty()) module["sex"] = gender == "Both" ? "ALL" : EnumFromLabel(gender);
  if (auto based = YesNo(Text(node, "gender_based"))) module["genderBased"] = *based;
  SetText(module, "genderDescription", Text(node, "gender_description"));
  std::optional<Age> bounds[2];
  const char* tags[2] = {"minimum_age", "maximum_age"};
  const char* keys[2] = {"minimumAge", "maximumAge"};
  for (int i = 0; i < 2; ++i) {
    const std::string text = Text(node, tags[i]);
    Result<std::optional<Age>> age = ParseAge(text);
    if (!age.ok()) {
      module[keys[i]] = text;  // the study parser reports it
    } else if (age->has_value()) {
      bounds[i] = *age;
      module[keys[i]] = text;
    }
  }
  if (node) module["stdAges"] = StandardAges(bounds[0], bounds[1]);
  SetText(module, "studyPopulation",
          Dedent(node.child("study_pop").child("textblock").child_value()));
  SetText(module, "samplingMethod", EnumFromLabel(Text(node, "sampling_method")));
  return module;
}

}  // namespace trialfinder::legacy_xml
