// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// ParseFhirPatientBundle: a FHIR R4 Bundle of one patient's resources into
// a Patient (patient.h).

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "assets/embedded_assets.h"
#include "match/condition_reader.h"
#include "match/constraint_judge.h"
#include "text/ascii_case.h"
#include "text/cancer_stage.h"
#include "text/labs.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/patient.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxEntries = 5000;

enum class CodeKind { kLab, kMarker, kScore, kPregnancy, kStage, kAnswer };

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
                            : fields[2] == "stage"     ? CodeKind::kStage
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

// A display without SNOMED CT's semantic tag: "Systemic lupus
// erythematosus (disorder)" -> "Systemic lupus erythematosus".
std::string WithoutSemanticTag(std::string text) {
  static const char* const kTags[] = {" (disorder)",
                                      " (finding)",
                                      " (situation)",
                                      " (procedure)",
                                      " (substance)",
                                      " (product)",
                                      " (morphologic abnormality)",
                                      " (observable entity)",
                                      " (regime/therapy)",
                                      " (qualifier value)",
                                      " (clinical drug)",
                                      " (medicinal product)"};
  for (const char* tag : kTags) {
    const std::string suffix = tag;
    if (text.size() > suffix.size() &&
        AsciiLowercase(text.substr(text.size() - suffix.size())) == suffix) {
      text.resize(text.size() - suffix.size());
    }
  }
  return text;
}

// A CodeableConcept in words: its text, else its first coding's display,
// without a semantic tag.
std::string Words(const json& codeable) {
  if (const std::string text = Text(Field(codeable, "text")); !text.empty()) {
    return WithoutSemanticTag(text);
  }
  const json& codings = Field(codeable, "coding");
  if (codings.is_array()) {
    for (const json& coding : codings) {
      if (const std::string display = Text(Field(coding, "display")); !display.empty()) {
        return WithoutSemanticTag(display);
      }
    }
  }
  return "";
}

// "malignant neoplasm of breast" -> "breast cancer": the registry's and
// the criteria's words for what SNOMED CT names so; empty otherwise.
std::string CancerName(const std::string& name) {
  for (const char* start : {"malignant neoplasm of the ", "malignant neoplasm of ",
                            "primary malignant neoplasm of ", "malignant tumor of "}) {
    const std::string prefix = start;
    if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size()) {
      return name.substr(prefix.size()) + " cancer";
    }
  }
  return "";
}

// UCUM's spellings of blood counts as the criteria write them: 10*3/uL and
// 10*9/L are the same quantity.
std::string CountUnit(const std::string& unit) {
  static const char* const kThousandsPerMicrolitre[] = {"10*3/uL",  "10^3/uL", "10*3/ul", "K/uL",
                                                        "x10^3/uL", "10*9/L",  "10^9/L",  "10*9/l"};
  for (const char* spelling : kThousandsPerMicrolitre) {
    if (unit == spelling) return "10^9/L";
  }
  if (unit == "10*12/L" || unit == "10*6/uL") return "10^12/L";
  return unit;
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
      by_reference_[NameOf(resource)] = &resource;
      if (const std::string full = Text(Field(entry, "fullUrl")); !full.empty()) {
        by_reference_[full] = &resource;
      }
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
    CheckStage();
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
    const json& given_gender = Field(resource, "gender");
    if (!given_gender.is_null() &&
        (!given_gender.is_string() || (given_gender != "male" && given_gender != "female" &&
                                       given_gender != "other" && given_gender != "unknown"))) {
      return Status::InvalidArgument("FHIR " + NameOf(resource) +
                                     ".gender: " + given_gender.dump() +
                                     " is not male, female, other or unknown");
    }
    if (!Field(resource, "birthDate").is_null() && !Field(resource, "birthDate").is_string()) {
      return Status::InvalidArgument("FHIR " + NameOf(resource) +
                                     ".birthDate: must be a date string (\"1989-04-12\")");
    }
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
    if (years < 0) {
      return Status::InvalidArgument("FHIR " + NameOf(resource) + ".birthDate: '" + birth +
                                     "' is in the future");
    }
    if (years > 130) {
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
    // Patient was read first; Parameters carry a request's search
    // parameters (/getClinicalTrial), not patient data.
    // Medication resources are read through the requests that reference
    // them.
    if (type == "Patient" || type == "Parameters" || type == "Medication") return Status::Ok();
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
    // FHIR's clinicalStatus: inactive, remission and resolved are over;
    // active, recurrence and relapse (or none) are not.
    const std::string clinical = CodeOf(Field(resource, "clinicalStatus"));
    condition.resolved = condition.present && (clinical == "resolved" || clinical == "remission" ||
                                               clinical == "inactive");
    condition.evidence = "record " + NameOf(resource);
    std::string onset = Text(Field(resource, "onsetDateTime"));
    if (onset.empty()) onset = Text(Field(resource, "recordedDate"));
    if (PartialDate::Parse(onset.substr(0, std::min<std::size_t>(onset.size(), 10)))) {
      condition.diagnosed = onset.substr(0, std::min<std::size_t>(onset.size(), 10));
    }
    // mCODE's primary cancer condition: stage[].summary. Other
    // conditions have stages too (CKD stage 4), which are not a cancer's.
    const json& stages = Field(resource, "stage");
    for (const json& stage : stages.is_array() ? stages : kNone()) {
      const json& summary = Field(stage, "summary");
      if (summary.is_null()) continue;
      if (NamesACancer(name)) {
        ReadStage(resource, "group", summary, "");
      } else {
        NotRead(resource, "the stage of '" + name + "', which is not a cancer, is not read");
      }
    }
    // "Secondary malignant neoplasm of brain": brain metastases.
    const std::string secondary = "secondary malignant neoplasm of ";
    if (name.rfind(secondary, 0) == 0 && name.size() > secondary.size()) {
      PatientCondition spread = condition;
      spread.name = name.substr(secondary.size()) + " metastases";
      AddCondition(std::move(spread));
    }
    const std::string cancer = CancerName(condition.name);
    PatientCondition as_cancer = condition;
    AddCondition(std::move(condition));
    if (!cancer.empty()) {
      as_cancer.name = cancer;
      AddCondition(std::move(as_cancer));
    }
    return Status::Ok();
  }

  void AddCondition(PatientCondition condition) {
    if (patient_.FindCondition(condition.name)) return;  // the first stands
    patient_.conditions.push_back(std::move(condition));
  }

  // When an observation was made ("2024-03-01..."); "" when not said.
  static std::string WhenOf(const json& resource) {
    std::string when = Text(Field(resource, "effectiveDateTime"));
    if (when.empty()) when = Text(Field(Field(resource, "effectivePeriod"), "start"));
    if (when.empty()) when = Text(Field(resource, "issued"));
    return when;
  }

  // Whether an observation of `what` dated `when` is the latest seen (a
  // series of results: the latest stands; undated ones only when nothing
  // dated was seen). ISO dates compare as text.
  bool Latest(const std::string& what, const std::string& when) {
    auto [known, added] = latest_.emplace(what, when);
    if (added) return true;
    if (when.empty() || (!known->second.empty() && when < known->second)) return false;
    known->second = when;
    return true;
  }

  Status ReadObservation(const json& resource) {
    const std::string status = Text(Field(resource, "status"));
    if (status == "entered-in-error" || status == "cancelled") return Status::Ok();
    const json& code = Field(resource, "code");
    const KnownCode* known = Known(code);
    const std::string words = Words(code);
    const std::string when = WhenOf(resource);
    const json& quantity = Field(resource, "valueQuantity");
    std::optional<double> value;
    if (Field(quantity, "value").is_number()) value = Field(quantity, "value").get<double>();
    if (Field(resource, "valueInteger").is_number()) {
      value = Field(resource, "valueInteger").get<double>();
    }
    if (value && (!std::isfinite(*value) || std::fabs(*value) > 1e9)) {
      return Status::InvalidArgument("FHIR " + NameOf(resource) + ": its value " +
                                     std::to_string(*value) + " is not a measurement");
    }
    if (value && *value < 0) {
      return Status::InvalidArgument("FHIR " + NameOf(resource) + ": its value " +
                                     Field(quantity, "value").dump() +
                                     " is negative, which no count, level or score is");
    }
    if (const std::string comparator = Text(Field(quantity, "comparator")); !comparator.empty()) {
      // "<20 g/dL" is a bound, not a value: comparing it as 20 would
      // decide criteria the record does not decide.
      NotRead(resource, "its value is a bound (" + comparator + " " +
                            Field(quantity, "value").dump() + "), not a measurement");
      return Status::Ok();
    }
    const KnownCode* answer = Known(Field(resource, "valueCodeableConcept"));
    if (known && known->kind == CodeKind::kStage) {
      ReadStage(resource, known->name, Field(resource, "valueCodeableConcept"), when);
      return Status::Ok();
    }
    if (known && known->kind == CodeKind::kPregnancy) {
      std::optional<bool> pregnant;
      const std::string polarity = Polarity(resource);
      if (answer && answer->name == "pregnant") pregnant = true;
      if (answer && answer->name == "not pregnant") pregnant = false;
      if (polarity == "positive") pregnant = true;
      if (polarity == "negative") pregnant = false;
      if (!pregnant) {
        NotRead(resource, "its pregnancy result is not one matching reads");
      } else if (Latest("pregnancy", when)) {
        patient_.pregnant = pregnant;
      }
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
      const double most = known->name == "ECOG" ? 5 : 100;
      if (*value > most) {
        return Status::InvalidArgument("FHIR " + NameOf(resource) + ": " + known->name + " " +
                                       fmt::format("{:g}", *value) + " is out of range (0 to " +
                                       std::to_string(static_cast<int>(most)) + ")");
      }
      if (Latest(known->name, when)) {
        std::erase_if(patient_.scores,
                      [&](const PatientScore& score) { return score.name == known->name; });
        patient_.scores.push_back({known->name, *value, "record " + NameOf(resource)});
      }
      return Status::Ok();
    }
    const std::string written = known ? known->name : AsciiLowercase(words);
    if (written.empty()) {
      NotRead(resource, "its code " + CodeOf(code) +
                            " has no display or text, and trialfinder's table of codes "
                            "(data/lexicon/fhir-codes.tsv) does not list it");
      return Status::Ok();
    }
    PatientLab lab;
    const bool marker = known && known->kind == CodeKind::kMarker;
    lab.name = marker ? known->name : CanonicalLabName(written);
    lab.value = value;
    lab.unit = Text(Field(quantity, "unit"));
    if (lab.unit.empty() || lab.unit.find('*') != std::string::npos) {
      if (const std::string ucum = Text(Field(quantity, "code")); !ucum.empty()) lab.unit = ucum;
    }
    lab.unit = CountUnit(lab.unit);
    if (const std::string polarity = Polarity(resource); !polarity.empty()) {
      lab.positive = polarity == "positive";
    } else if (marker) {
      // A qualitative marker measured: above the reference range is
      // positive, within it negative.
      const json& interpretations = Field(resource, "interpretation");
      for (const json& interpretation : interpretations.is_array() ? interpretations : kNone()) {
        const std::string flag = CodeOf(interpretation);
        if (flag == "H" || flag == "HH" || flag == "A" || flag == "AA") lab.positive = true;
        if (flag == "N" || flag == "L") lab.positive = false;
      }
    }
    if (!lab.value && !lab.positive) {
      NotRead(resource, "'" + words + "' has no value matching reads");
      return Status::Ok();
    }
    if (lab.value) {
      const std::string unit = NormalizeLabUnit(AsciiLowercase(lab.unit), false);
      if (std::optional<std::string> range = ImplausibleLabValue(lab.name, *lab.value, unit)) {
        return Status::InvalidArgument("FHIR " + NameOf(resource) + ": valueQuantity " +
                                       FormatNumber(*lab.value) + " " + lab.unit +
                                       " is not a possible " + lab.name + " (expected " + *range +
                                       "); check the value and its unit");
      }
    }
    if (!Latest("lab " + lab.name, when)) return Status::Ok();
    std::erase_if(patient_.labs,
                  [&](const PatientLab& known_lab) { return known_lab.name == lab.name; });
    lab.evidence = "record " + NameOf(resource) + (when.empty() ? "" : " of " + when.substr(0, 10));
    patient_.labs.push_back(std::move(lab));
    return Status::Ok();
  }

  // A stage group or TNM category (`part`: group, t, n or m) from a coded
  // value: AJCC's code ("3C", "cT3"), a display ("American Joint Committee
  // on Cancer stage IIIC") or its text. The latest of each part stands.
  void ReadStage(const json& resource, const std::string& part, const json& value,
                 const std::string& when) {
    std::vector<std::string> written;
    const json& codings = Field(value, "coding");
    for (const json& coding : codings.is_array() ? codings : kNone()) {
      written.push_back(Text(Field(coding, "code")));
      written.push_back(WithoutSemanticTag(Text(Field(coding, "display"))));
    }
    written.push_back(Text(Field(value, "text")));
    std::string read;
    for (const std::string& text : written) {
      if (text.empty() || !read.empty()) continue;
      if (part == "group") {
        if (std::optional<StageGroup> group = ParseStageGroup(text)) read = group->ToString();
      } else if (std::optional<TnmCategories> tnm = ParseTnm(text)) {
        read = part == "t" ? tnm->t : part == "n" ? tnm->n : tnm->m;
      }
    }
    if (read.empty()) {
      std::string shown;
      for (const std::string& text : written) {
        if (shown.empty()) shown = text;
      }
      NotRead(resource, "its " + (part == "group" ? std::string("stage group") : "TNM category") +
                            " '" + shown + "' is not one trialfinder reads");
      return;
    }
    if (!patient_.stage) patient_.stage = PatientStage{};
    PatientStage& stage = *patient_.stage;
    std::string& field = part == "group" ? stage.group
                         : part == "t"   ? stage.t
                         : part == "n"   ? stage.n
                                         : stage.m;
    // Two values that no dates put in order ("IV" in the Condition, "IA"
    // in an undated Observation) cannot both be right: neither is used.
    const auto known = latest_.find("stage " + part);
    if (!field.empty() && field != read && known != latest_.end() &&
        (when.empty() || known->second.empty() || when == known->second)) {
      stage_conflicts_.insert(part + " (" + field + " and " + read + ")");
    }
    if (!Latest("stage " + part, when)) return;
    field = read;
    const std::string evidence = "record " + NameOf(resource);
    if (stage.evidence.find(evidence) == std::string::npos) {
      stage.evidence += (stage.evidence.empty() ? "" : ", ") + evidence;
    }
  }

  static const json& kNone() {
    static const json kEmpty = json::array();
    return kEmpty;
  }

  // The medication a resource names: its CodeableConcept, or the
  // Medication it references (contained, or in the Bundle).
  std::string MedicationWords(const json& resource) const {
    if (std::string words = Words(Field(resource, "medicationCodeableConcept")); !words.empty()) {
      return words;
    }
    const std::string reference = Text(Field(Field(resource, "medicationReference"), "reference"));
    if (reference.empty()) return "";
    const json* medication = nullptr;
    if (reference[0] == '#') {
      const json& contained = Field(resource, "contained");
      for (const json& inner : contained.is_array() ? contained : kNone()) {
        if ("#" + Text(Field(inner, "id")) == reference) medication = &inner;
      }
    } else if (auto found = by_reference_.find(reference); found != by_reference_.end()) {
      medication = found->second;
    }
    return medication ? Words(Field(*medication, "code")) : "";
  }

  Status ReadMedication(const json& resource) {
    const std::string status = Text(Field(resource, "status"));
    if (status == "entered-in-error" || status == "cancelled" || status == "not-taken") {
      return Status::Ok();
    }
    const std::string intent = Text(Field(resource, "intent"));
    if (intent == "proposal" || intent == "plan") {
      NotRead(resource, "a " + intent + " is not a medication taken");
      return Status::Ok();
    }
    const std::string name = MedicationWords(resource);
    if (name.empty()) {
      const json& codeable = Field(resource, "medicationCodeableConcept");
      NotRead(resource, codeable.is_null()
                            ? "its medication reference does not resolve to a Medication with "
                              "a name"
                            : "its medication code " + CodeOf(codeable) +
                                  " has no display or text (trialfinder has no RxNorm table)");
      return Status::Ok();
    }
    PatientTreatment treatment;
    treatment.name = AsciiLowercase(name);
    if (status == "active" || status == "in-progress" || status == "on-hold" ||
        status == "intended") {
      treatment.timing = TreatmentTiming::kCurrent;
    } else if (status == "completed" || status == "stopped") {
      treatment.timing = TreatmentTiming::kPast;
    }
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
    AddTreatment({name,
                  status == "in-progress" ? TreatmentTiming::kCurrent : TreatmentTiming::kPast,
                  std::nullopt, "", "record " + NameOf(resource)});
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

  // A stage whose parts disagree is not used: a wrong stage decides
  // criteria wrongly, an absent one leaves them to a person.
  void CheckStage() {
    if (!patient_.stage) return;
    if (StageConflicts(patient_.stage->group, patient_.stage->m)) {
      stage_conflicts_.insert("group and M category (stage " + patient_.stage->group + " with " +
                              patient_.stage->m + ", which is stage IV)");
    }
    if (stage_conflicts_.empty()) return;
    std::string parts;
    for (const std::string& part : stage_conflicts_) parts += (parts.empty() ? "" : "; ") + part;
    out_.not_understood.push_back("stage: the record's " + parts +
                                  " disagree; matching does not use the stage");
    patient_.stage.reset();
  }

  FhirPatient& out_;
  Patient& patient_;
  std::chrono::year_month_day today_;
  std::map<std::string, std::string> latest_;        // what -> date of the result kept
  std::map<std::string, const json*> by_reference_;  // "Medication/m1", fullUrl -> resource
  std::string patient_id_;                           // "Patient/p1"
  std::set<std::string> patient_urls_;
  std::set<std::string> stage_conflicts_;  // "group (IV and IA)"
};

}  // namespace

bool LooksLikeFhir(std::string_view text) {
  if (JsonNestingDepth(text) > 64) return false;  // as ParseFhirPatientBundle refuses
  const json value = json::parse(text, nullptr, false);
  return value.is_object() && value.contains("resourceType");
}

Result<FhirPatient> ParseFhirPatientBundle(std::string_view text,
                                           std::chrono::year_month_day today) {
  // A Bundle nests about ten levels (Questionnaire answers deeper);
  // refuse deeper text before parsing it.
  constexpr int kMaxDepth = 64;
  if (JsonNestingDepth(text) > kMaxDepth) {
    return Status::InvalidArgument("FHIR: the body nests deeper than " + std::to_string(kMaxDepth) +
                                   " levels");
  }
  const json bundle = json::parse(text, nullptr, false);
  if (bundle.is_discarded()) return Status::InvalidArgument("FHIR: the body is not JSON");
  FhirPatient out;
  BundleReader reader(out, today);
  if (Status read = reader.Read(bundle); !read.ok()) return read;
  AddInfectionsFromMarkers(out.patient);
  return out;
}

}  // namespace trialfinder
