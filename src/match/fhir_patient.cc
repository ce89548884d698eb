// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// ParseFhirPatientBundle: a FHIR R4 Bundle of one patient's resources into
// a Patient (patient.h).

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "assets/embedded_assets.h"
#include "text/ascii_case.h"
#include "text/labs.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/patient.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxEntries = 5000;

enum class CodeKind { kLab, kMarker, kScore, kPregnancy, kAnswer };

struct KnownCode {
  CodeKind kind;
  std::string name;
};

// data/lexicon/fhir-codes.tsv by "system|code" ("loinc|718-7").
const std::map<std::string, KnownCode>& KnownCodes() {
  static const std::map<std::string, KnownCode> kCodes = [] {
    std::map<std::string, KnownCode> codes;
    std::istringstream lines{std::string(EmbeddedAsset("fhir-codes.tsv"))};
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> fields;
      std::istringstream cells(line);
      for (std::string cell; std::getline(cells, cell, '\t');) fields.push_back(cell);
      if (fields.size() != 4) continue;
      const CodeKind kind = fields[2] == "lab"         ? CodeKind::kLab
                            : fields[2] == "marker"    ? CodeKind::kMarker
                            : fields[2] == "score"     ? CodeKind::kScore
                            : fields[2] == "pregnancy" ? CodeKind::kPregnancy
                                                       : CodeKind::kAnswer;
      codes[fields[0] + "|" + fields[1]] = {kind, fields[3]};
    }
    return codes;
  }();
  return kCodes;
}

// "http://loinc.org" -> "loinc", "http://snomed.info/sct" -> "snomed".
std::string SystemName(const std::string& system) {
  if (system.find("loinc") != std::string::npos) return "loinc";
  if (system.find("snomed") != std::string::npos) return "snomed";
  return system;
}

std::string Text(const json& value) { return value.is_string() ? value.get<std::string>() : ""; }

const json& Field(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto found = object.find(key);
  return found == object.end() ? kNull : *found;
}

// A CodeableConcept's known code, if any coding is in fhir-codes.tsv.
const KnownCode* Known(const json& codeable) {
  const json& codings = Field(codeable, "coding");
  if (!codings.is_array()) return nullptr;
  for (const json& coding : codings) {
    auto found = KnownCodes().find(SystemName(Text(Field(coding, "system"))) + "|" +
                                   Text(Field(coding, "code")));
    if (found != KnownCodes().end()) return &found->second;
  }
  return nullptr;
}

// A CodeableConcept in words: its text, else its first coding's display.
std::string Words(const json& codeable) {
  if (const std::string text = Text(Field(codeable, "text")); !text.empty()) return text;
  const json& codings = Field(codeable, "coding");
  if (codings.is_array()) {
    for (const json& coding : codings) {
      if (const std::string display = Text(Field(coding, "display")); !display.empty()) {
        return display;
      }
    }
  }
  return "";
}

// The first coding's code, for messages.
std::string CodeOf(const json& codeable) {
  const json& codings = Field(codeable, "coding");
  if (!codings.is_array() || codings.empty()) return "";
  return Text(Field(codings[0], "code"));
}

// "positive", "negative" or "" for a coded or interpreted result.
std::string Polarity(const json& observation) {
  if (const KnownCode* answer = Known(Field(observation, "valueCodeableConcept"));
      answer && answer->kind == CodeKind::kAnswer) {
    if (answer->name == "positive" || answer->name == "negative") return answer->name;
  }
  const std::string words = AsciiLowercase(Words(Field(observation, "valueCodeableConcept")));
  if (words == "positive" || words == "detected" || words == "reactive") return "positive";
  if (words == "negative" || words == "not detected" || words == "non-reactive") {
    return "negative";
  }
  const json& interpretations = Field(observation, "interpretation");
  if (interpretations.is_array()) {
    for (const json& interpretation : interpretations) {
      const std::string code = CodeOf(interpretation);
      if (code == "POS" || code == "DET") return "positive";
      if (code == "NEG" || code == "ND") return "negative";
    }
  }
  return "";
}

// Reads the resources once the Bundle's patient is known.
class BundleReader {
 public:
  BundleReader(FhirPatient& out, std::chrono::year_month_day today)
      : out_(out), patient_(out.patient), today_(today) {}

  Status Read(const json& bundle) {
    if (!bundle.is_object() || Text(Field(bundle, "resourceType")) != "Bundle") {
      return Status::InvalidArgument(
          "FHIR: the body must be a Bundle, not " +
          (bundle.is_object() && Field(bundle, "resourceType").is_string()
               ? "a " + Text(Field(bundle, "resourceType"))
               : std::string("a value without resourceType")));
    }
    const json& entries = Field(bundle, "entry");
    if (!entries.is_null() && !entries.is_array()) {
      return Status::InvalidArgument("FHIR Bundle.entry: must be an array");
    }
    if (entries.is_array() && entries.size() > kMaxEntries) {
      return Status::InvalidArgument("FHIR Bundle.entry: " + std::to_string(entries.size()) +
                                     " entries, more than the " + std::to_string(kMaxEntries) +
                                     " one patient's match reads");
    }
    std::vector<const json*> resources;  // into `bundle`, which outlives them
    static const json kNoEntries = json::array();
    for (const json& entry : entries.is_array() ? entries : kNoEntries) {
      const json& resource = Field(entry, "resource");
      if (!resource.is_object() || !Field(resource, "resourceType").is_string()) {
        return Status::InvalidArgument("FHIR Bundle.entry[" + std::to_string(resources.size()) +
                                       "]: no resource with a resourceType");
      }
      resources.push_back(&resource);
      if (Text(Field(resource, "resourceType")) == "Patient") {
        const std::string name = "Patient/" + Text(Field(resource, "id"));
        if (!patient_id_.empty() && patient_id_ != name) {
          return Status::InvalidArgument("FHIR Bundle: resources of several patients (" +
                                         patient_id_ + ", " + name +
                                         "); send one patient per Bundle");
        }
        patient_id_ = name;
        out_.id = Text(Field(resource, "id"));
        if (const std::string full = Text(Field(entry, "fullUrl")); !full.empty()) {
          patient_urls_.insert(full);
        }
        if (Status read = ReadPatient(resource); !read.ok()) return read;
      }
    }
    for (const json* resource : resources) {
      if (Status read = ReadResource(*resource); !read.ok()) return read;
    }
    return Status::Ok();
  }

 private:
  static std::string NameOf(const json& resource) {
    return Text(Field(resource, "resourceType")) + "/" + Text(Field(resource, "id"));
  }

  // The resource's patient reference must be the Bundle's patient.
  Status CheckSubject(const json& resource) const {
    const json& subject = Field(resource, "subject").is_null() ? Field(resource, "patient")
                                                               : Field(resource, "subject");
    const std::string reference = Text(Field(subject, "reference"));
    if (reference.empty()) return Status::Ok();
    const bool ours = reference == patient_id_ || patient_urls_.count(reference) ||
                      (!patient_id_.empty() && reference.size() > patient_id_.size() &&
                       reference.compare(reference.size() - patient_id_.size() - 1,
                                         std::string::npos, "/" + patient_id_) == 0);
    if (ours) return Status::Ok();
    return Status::InvalidArgument("FHIR " + NameOf(resource) + ": its subject " + reference +
                                   (patient_id_.empty()
                                        ? " is not in the Bundle (it holds no Patient)"
                                        : " is not the Bundle's patient " + patient_id_));
  }

  Status ReadPatient(const json& resource) {
    const std::string gender = Text(Field(resource, "gender"));
    if (gender == "female") patient_.sex = "FEMALE";
    if (gender == "male") patient_.sex = "MALE";
    const std::string birth = Text(Field(resource, "birthDate"));
    if (birth.empty()) return Status::Ok();
    const std::optional<PartialDate> born = PartialDate::Parse(birth.substr(0, 10));
    if (!born) {
      return Status::InvalidArgument("FHIR " + NameOf(resource) + ".birthDate: '" + birth +
                                     "' is not a date");
    }
    const auto days = std::chrono::sys_days(today_) - std::chrono::sys_days(born->first_day());
    const double years = days.count() / 365.2425;
    if (years < 0 || years > 130) {
      return Status::InvalidArgument("FHIR " + NameOf(resource) + ".birthDate: '" + birth +
                                     "' gives an age of " + std::to_string(std::lround(years)) +
                                     " years");
    }
    // A year or month alone is its first day: the age can be up to a year
    // (a month) too high.
    patient_.age_years = std::floor(years);
    return Status::Ok();
  }

  Status ReadResource(const json& resource) {
    const std::string type = Text(Field(resource, "resourceType"));
    if (type == "Patient") return Status::Ok();
    if (Status subject = CheckSubject(resource); !subject.ok()) return subject;
    if (type == "Condition") return ReadCondition(resource);
    if (type == "Observation") return ReadObservation(resource);
    if (type == "MedicationStatement" || type == "MedicationRequest" ||
        type == "MedicationAdministration") {
      return ReadMedication(resource);
    }
    if (type == "Procedure") return ReadProcedure(resource);
    if (type == "AllergyIntolerance") return ReadAllergy(resource);
    NotRead(resource, "a " + type + " is not read by matching");
    return Status::Ok();
  }

  void NotRead(const json& resource, const std::string& why) {
    out_.not_understood.push_back(NameOf(resource) + ": " + why);
  }

  Status ReadCondition(const json& resource) {
    const std::string verification = CodeOf(Field(resource, "verificationStatus"));
    if (verification == "entered-in-error") return Status::Ok();
    const std::string name = AsciiLowercase(Words(Field(resource, "code")));
    if (name.empty()) {
      NotRead(resource, "its code " + CodeOf(Field(resource, "code")) + " has no text or display");
      return Status::Ok();
    }
    PatientCondition condition;
    condition.name = name;
    condition.present = verification != "refuted";
    condition.evidence = "record " + NameOf(resource);
    std::string onset = Text(Field(resource, "onsetDateTime"));
    if (onset.empty()) onset = Text(Field(resource, "recordedDate"));
    if (PartialDate::Parse(onset.substr(0, std::min<std::size_t>(onset.size(), 10)))) {
      condition.diagnosed = onset.substr(0, std::min<std::size_t>(onset.size(), 10));
    }
    AddCondition(std::move(condition));
    return Status::Ok();
  }

  void AddCondition(PatientCondition condition) {
    if (patient_.FindCondition(condition.name)) return;  // the first stands
    patient_.conditions.push_back(std::move(condition));
  }

  Status ReadObservation(const json& resource) {
    const std::string status = Text(Field(resource, "status"));
    if (status == "entered-in-error" || status == "cancelled") return Status::Ok();
    const json& code = Field(resource, "code");
    const KnownCode* known = Known(code);
    const std::string words = Words(code);
    const json& quantity = Field(resource, "valueQuantity");
    std::optional<double> value;
    if (Field(quantity, "value").is_number()) value = Field(quantity, "value").get<double>();
    if (Field(resource, "valueInteger").is_number()) {
      value = Field(resource, "valueInteger").get<double>();
    }
    if (value && !std::isfinite(*value)) {
      return Status::InvalidArgument("FHIR " + NameOf(resource) + ": its value is not a number");
    }
    const KnownCode* answer = Known(Field(resource, "valueCodeableConcept"));
    if (known && known->kind == CodeKind::kPregnancy) {
      const std::string polarity = Polarity(resource);
      if (answer && answer->name == "pregnant") patient_.pregnant = true;
      if (answer && answer->name == "not pregnant") patient_.pregnant = false;
      if (polarity == "positive") patient_.pregnant = true;
      if (polarity == "negative") patient_.pregnant = false;
      if (!patient_.pregnant) NotRead(resource, "its pregnancy result is not one matching reads");
      return Status::Ok();
    }
    if (known && known->kind == CodeKind::kScore) {
      if (!value && answer && answer->kind == CodeKind::kAnswer && !answer->name.empty() &&
          std::isdigit(static_cast<unsigned char>(answer->name[0]))) {
        value = std::stod(answer->name);
      }
      if (!value) {
        NotRead(resource, known->name + " without a value");
        return Status::Ok();
      }
      patient_.scores.push_back({known->name, *value, "record " + NameOf(resource)});
      return Status::Ok();
    }
    const std::string written = known ? known->name : AsciiLowercase(words);
    if (written.empty()) {
      NotRead(resource, "its code " + CodeOf(code) + " is not one matching knows, and has no text");
      return Status::Ok();
    }
    PatientLab lab;
    lab.name = known && known->kind == CodeKind::kMarker ? known->name : CanonicalLabName(written);
    lab.value = value;
    lab.unit = Text(Field(quantity, "unit"));
    if (lab.unit.empty()) lab.unit = Text(Field(quantity, "code"));
    if (const std::string polarity = Polarity(resource); !polarity.empty()) {
      lab.positive = polarity == "positive";
    }
    if (!lab.value && !lab.positive) {
      NotRead(resource, "'" + words + "' has no value matching reads");
      return Status::Ok();
    }
    lab.evidence = "record " + NameOf(resource);
    patient_.labs.push_back(std::move(lab));
    return Status::Ok();
  }

  Status ReadMedication(const json& resource) {
    const std::string status = Text(Field(resource, "status"));
    if (status == "entered-in-error" || status == "cancelled" || status == "not-taken") {
      return Status::Ok();
    }
    std::string name = Words(Field(resource, "medicationCodeableConcept"));
    if (name.empty()) {
      NotRead(resource, "its medication is a reference or has no text; it is not read");
      return Status::Ok();
    }
    PatientTreatment treatment;
    treatment.name = AsciiLowercase(name);
    treatment.current = status == "active" || status == "in-progress" || status == "on-hold" ||
                        status == "intended";
    // Why it stopped, in words (statusReason, reasonCode): "treatment
    // failure", "intolerance".
    std::string reason = Words(Field(resource, "statusReason"));
    const json& reasons = Field(resource, "statusReason");
    if (reasons.is_array() && !reasons.empty()) reason = Words(reasons[0]);
    reason = AsciiLowercase(reason);
    for (const char* failed : {"fail", "ineffective", "inadequate", "refractory", "relapse",
                               "progress", "no response", "not effective"}) {
      if (reason.find(failed) != std::string::npos) treatment.response = "failed";
    }
    for (const char* intolerant : {"intoleran", "adverse", "side effect", "toxicity"}) {
      if (reason.find(intolerant) != std::string::npos) treatment.response = "intolerant";
    }
    treatment.evidence = "record " + NameOf(resource);
    AddTreatment(std::move(treatment));
    return Status::Ok();
  }

  Status ReadProcedure(const json& resource) {
    const std::string status = Text(Field(resource, "status"));
    if (status != "completed" && status != "in-progress") return Status::Ok();
    const std::string name = AsciiLowercase(Words(Field(resource, "code")));
    if (name.empty()) {
      NotRead(resource, "its code " + CodeOf(Field(resource, "code")) + " has no text or display");
      return Status::Ok();
    }
    AddTreatment({name, status == "in-progress", std::nullopt, "", "record " + NameOf(resource)});
    return Status::Ok();
  }

  void AddTreatment(PatientTreatment treatment) {
    for (const PatientTreatment& known : patient_.treatments) {
      if (known.name == treatment.name) return;
    }
    patient_.treatments.push_back(std::move(treatment));
  }

  Status ReadAllergy(const json& resource) {
    if (CodeOf(Field(resource, "verificationStatus")) == "refuted") return Status::Ok();
    const std::string substance = AsciiLowercase(Words(Field(resource, "code")));
    if (substance.empty()) {
      NotRead(resource, "its substance has no text or display");
      return Status::Ok();
    }
    AddCondition({"allergy to " + substance, true, "", "record " + NameOf(resource)});
    return Status::Ok();
  }

  FhirPatient& out_;
  Patient& patient_;
  std::chrono::year_month_day today_;
  std::string patient_id_;  // "Patient/p1"
  std::set<std::string> patient_urls_;
};

}  // namespace

bool LooksLikeFhir(std::string_view text) {
  if (JsonNestingDepth(text) > 64) return false;
  const json value = json::parse(text, nullptr, false);
  return value.is_object() && value.contains("resourceType");
}

Result<FhirPatient> ParseFhirPatientBundle(std::string_view text,
                                           std::chrono::year_month_day today) {
  // A Bundle nests about ten levels; refuse deeper text before parsing it.
  constexpr int kMaxDepth = 40;
  if (JsonNestingDepth(text) > kMaxDepth) {
    return Status::InvalidArgument("FHIR: the body nests deeper than " + std::to_string(kMaxDepth) +
                                   " levels");
  }
  const json bundle = json::parse(text, nullptr, false);
  if (bundle.is_discarded()) return Status::InvalidArgument("FHIR: the body is not JSON");
  FhirPatient out;
  BundleReader reader(out, today);
  if (Status read = reader.Read(bundle); !read.ok()) return read;
  return out;
}

}  // namespace trialfinder
