// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "match/condition_reader.h"
#include "match/constraint_judge.h"
#include "text/ascii_case.h"
#include "text/cancer_stage.h"
#include "text/drugs.h"
#include "text/labs.h"
#include "trialfinder/age.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/patient.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using nlohmann::json;

// Reads fields of one JSON object, remembering the path for messages.
class FieldReader {
 public:
  FieldReader(const json& object, std::string path, std::set<std::string> known)
      : object_(object), path_(std::move(path)), known_(std::move(known)) {}

  Status CheckObject() const {
    if (!object_.is_object()) return Status::InvalidArgument(Where("") + "must be an object");
    for (const auto& [key, value] : object_.items()) {
      if (!known_.count(key)) return Status::InvalidArgument(Where(key) + "unknown field");
    }
    return Status::Ok();
  }

  bool Has(const std::string& key) const {
    return object_.contains(key) && !object_[key].is_null();
  }
  const json& Get(const std::string& key) const { return object_[key]; }

  Status String(const std::string& key, std::string& out) const {
    if (!Has(key)) return Status::Ok();
    if (!Get(key).is_string()) return Status::InvalidArgument(Where(key) + "must be a string");
    out = Get(key).get<std::string>();
    return Status::Ok();
  }
  Status Number(const std::string& key, std::optional<double>& out) const {
    if (!Has(key)) return Status::Ok();
    if (!Get(key).is_number()) return Status::InvalidArgument(Where(key) + "must be a number");
    out = Get(key).get<double>();
    return Status::Ok();
  }
  Status Boolean(const std::string& key, std::optional<bool>& out) const {
    if (!Has(key)) return Status::Ok();
    if (!Get(key).is_boolean())
      return Status::InvalidArgument(Where(key) + "must be true or false");
    out = Get(key).get<bool>();
    return Status::Ok();
  }
  std::string Where(const std::string& key) const {
    return "patient " + path_ + (key.empty() || path_.empty() ? "" : ".") + key + ": ";
  }

 private:
  const json& object_;
  std::string path_;
  std::set<std::string> known_;
};

#define RETURN_IF_ERROR(expression)    \
  do {                                 \
    Status status_ = (expression);     \
    if (!status_.ok()) return status_; \
  } while (false)

// Bounds on one patient, so that one request cannot buy unbounded work:
// each distinct condition adds a search clause and a check against every
// criterion of every candidate (about 19 ms each on the sample), and a form
// of 7.6 kB repeating one condition took 16 s of CPU (issue 20).
constexpr std::size_t kMaxConditions = 30;  // conditions and infections, distinct
constexpr std::size_t kMaxListItems = 60;   // labs, scores, treatments
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxDescriptionBytes = 40000;

Status CheckName(const FieldReader& reader, const std::string& name) {
  if (name.size() > kMaxNameBytes) {
    return Status::InvalidArgument(reader.Where("name") + "longer than " +
                                   std::to_string(kMaxNameBytes) + " characters");
  }
  return Status::Ok();
}

Status CheckCount(const FieldReader& top, const std::string& key, std::size_t count,
                  std::size_t most) {
  if (count <= most) return Status::Ok();
  return Status::InvalidArgument(top.Where(key) + "at most " + std::to_string(most) +
                                 " different entries; give the ones that matter most");
}

// Calls `read(element, path)` for each element of the array field `key`.
template <typename Read>
Status ForEach(const FieldReader& reader, const std::string& key, Read read) {
  if (!reader.Has(key)) return Status::Ok();
  const json& array = reader.Get(key);
  if (!array.is_array()) return Status::InvalidArgument(reader.Where(key) + "must be an array");
  for (std::size_t i = 0; i < array.size(); ++i) {
    RETURN_IF_ERROR(read(array[i], key + "[" + std::to_string(i) + "]"));
  }
  return Status::Ok();
}

// A condition or treatment may be given by its name alone: "lupus" is
// {"name": "lupus"} (API clients send lists of names).
json AsNamed(const json& item) { return item.is_string() ? json{{"name", item}} : item; }

Status ReadConditionList(const FieldReader& top, const std::string& key, Patient& patient) {
  return ForEach(top, key, [&](const json& item, const std::string& path) {
    const json named = AsNamed(item);
    FieldReader reader(named, path, {"name", "present", "resolved", "diagnosed", "evidence"});
    RETURN_IF_ERROR(reader.CheckObject());
    PatientCondition condition;
    RETURN_IF_ERROR(reader.String("name", condition.name));
    if (condition.name.empty())
      return Status::InvalidArgument(reader.Where("name") + "is required");
    RETURN_IF_ERROR(CheckName(reader, condition.name));
    condition.name = AsciiLowercase(condition.name);
    std::optional<bool> present;
    RETURN_IF_ERROR(reader.Boolean("present", present));
    condition.present = present.value_or(true);
    std::optional<bool> resolved;
    RETURN_IF_ERROR(reader.Boolean("resolved", resolved));
    condition.resolved = condition.present && resolved.value_or(false);
    RETURN_IF_ERROR(reader.String("diagnosed", condition.diagnosed));
    if (!condition.diagnosed.empty() && !PartialDate::Parse(condition.diagnosed)) {
      return Status::InvalidArgument(reader.Where("diagnosed") + "'" + condition.diagnosed +
                                     "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    }
    condition.evidence = "record";
    // A repeated name says nothing new: the first one stands.
    if (patient.FindCondition(condition.name)) return Status::Ok();
    patient.conditions.push_back(std::move(condition));
    return CheckCount(top, key, patient.conditions.size(), kMaxConditions);
  });
}

Status ReadLabList(const FieldReader& top, Patient& patient) {
  return ForEach(top, "labs", [&](const json& item, const std::string& path) {
    FieldReader reader(item, path, {"name", "value", "unit", "positive"});
    RETURN_IF_ERROR(reader.CheckObject());
    PatientLab lab;
    RETURN_IF_ERROR(reader.String("name", lab.name));
    if (lab.name.empty()) return Status::InvalidArgument(reader.Where("name") + "is required");
    RETURN_IF_ERROR(CheckName(reader, lab.name));
    RETURN_IF_ERROR(reader.Number("value", lab.value));
    RETURN_IF_ERROR(reader.String("unit", lab.unit));
    RETURN_IF_ERROR(reader.Boolean("positive", lab.positive));
    if (!lab.value && !lab.positive) {
      return Status::InvalidArgument(reader.Where("") + "needs a value or positive");
    }
    if (lab.value) {
      const std::string name = CanonicalLabName(AsciiLowercase(lab.name));
      const std::string unit = NormalizeLabUnit(AsciiLowercase(lab.unit), false);
      if (std::optional<std::string> range = ImplausibleLabValue(name, *lab.value, unit)) {
        return Status::InvalidArgument(reader.Where("value") + FormatNumber(*lab.value) + " " +
                                       lab.unit + " is not a possible " + name + " (expected " +
                                       *range + "); check the value and its unit");
      }
    }
    lab.evidence = "record";
    patient.labs.push_back(std::move(lab));
    return CheckCount(top, "labs", patient.labs.size(), kMaxListItems);
  });
}

Status ReadScoreList(const FieldReader& top, Patient& patient) {
  return ForEach(top, "scores", [&](const json& item, const std::string& path) {
    FieldReader reader(item, path, {"name", "value"});
    RETURN_IF_ERROR(reader.CheckObject());
    PatientScore score;
    std::optional<double> value;
    RETURN_IF_ERROR(reader.String("name", score.name));
    RETURN_IF_ERROR(reader.Number("value", value));
    if (score.name.empty() || !value)
      return Status::InvalidArgument(reader.Where("") + "needs a name and a value");
    RETURN_IF_ERROR(CheckName(reader, score.name));
    score.value = *value;
    score.evidence = "record";
    patient.scores.push_back(std::move(score));
    return CheckCount(top, "scores", patient.scores.size(), kMaxListItems);
  });
}

Status ReadTreatmentList(const FieldReader& top, Patient& patient) {
  return ForEach(top, "treatments", [&](const json& item, const std::string& path) {
    const json named = AsNamed(item);
    FieldReader reader(named, path, {"name", "status", "durationMonths", "response"});
    RETURN_IF_ERROR(reader.CheckObject());
    PatientTreatment treatment;
    std::string status;
    RETURN_IF_ERROR(reader.String("name", treatment.name));
    if (treatment.name.empty())
      return Status::InvalidArgument(reader.Where("name") + "is required");
    RETURN_IF_ERROR(CheckName(reader, treatment.name));
    treatment.name = AsciiLowercase(treatment.name);
    // "CellCept" is mycophenolate mofetil: criteria name generics.
    const std::optional<std::string> generic = DrugTable::Builtin().GenericOf(treatment.name);
    const std::string written = treatment.name;
    if (generic) treatment.name = *generic;
    RETURN_IF_ERROR(reader.String("status", status));
    if (!status.empty() && status != "current" && status != "past" && status != "never") {
      return Status::InvalidArgument(reader.Where("status") + "must be current, past or never");
    }
    treatment.timing = status == "current" ? TreatmentTiming::kCurrent
                       : status == "past"  ? TreatmentTiming::kPast
                                           : TreatmentTiming::kNotSaid;
    RETURN_IF_ERROR(reader.Number("durationMonths", treatment.duration_months));
    RETURN_IF_ERROR(reader.String("response", treatment.response));
    if (!treatment.response.empty() && treatment.response != "failed" &&
        treatment.response != "intolerant") {
      return Status::InvalidArgument(reader.Where("response") + "must be failed or intolerant");
    }
    if (status == "never") treatment.response = "never received";
    treatment.evidence = written == treatment.name ? "record" : "record: " + written;
    for (const PatientTreatment& known : patient.treatments) {
      if (known.name == treatment.name) return Status::Ok();  // the first one stands
    }
    patient.treatments.push_back(std::move(treatment));
    return CheckCount(top, "treatments", patient.treatments.size(), kMaxListItems);
  });
}

// "stage": "IIIB" or {"group": "IIIB", "t": "T3", "n": "N2", "m": "M0"}:
// each part is checked as AJCC writes it.
Status ReadStage(const FieldReader& top, Patient& patient) {
  if (!top.Has("stage")) return Status::Ok();
  PatientStage stage;
  if (top.Get("stage").is_string()) {
    stage.group = top.Get("stage").get<std::string>();
  } else {
    FieldReader reader(top.Get("stage"), "stage", {"group", "t", "n", "m"});
    RETURN_IF_ERROR(reader.CheckObject());
    RETURN_IF_ERROR(reader.String("group", stage.group));
    RETURN_IF_ERROR(reader.String("t", stage.t));
    RETURN_IF_ERROR(reader.String("n", stage.n));
    RETURN_IF_ERROR(reader.String("m", stage.m));
  }
  if (!stage.group.empty()) {
    const std::optional<StageGroup> group = ParseStageGroup(stage.group);
    if (!group) {
      return Status::InvalidArgument(top.Where("stage") + "'" + stage.group +
                                     "' is not a stage group (0, I-IV with a letter: \"IIIB\")");
    }
    stage.group = group->ToString();
  }
  for (auto [key, value] :
       {std::pair{'t', &stage.t}, std::pair{'n', &stage.n}, std::pair{'m', &stage.m}}) {
    if (value->empty()) continue;
    const TnmCategories read = ParseTnm(*value).value_or(TnmCategories{});
    const std::string& category = key == 't' ? read.t : key == 'n' ? read.n : read.m;
    if (category.empty()) {
      return Status::InvalidArgument(top.Where(std::string("stage.") + key) + "'" + *value +
                                     "' is not a TNM " + static_cast<char>(std::toupper(key)) +
                                     " category");
    }
    *value = category;
  }
  if (StageConflicts(stage.group, stage.m)) {
    return Status::InvalidArgument(top.Where("stage") + "group " + stage.group + " contradicts m " +
                                   stage.m + " (distant metastasis, M1, is stage IV)");
  }
  if (stage.group.empty() && stage.t.empty() && stage.n.empty() && stage.m.empty()) {
    return Status::InvalidArgument(top.Where("stage") + "needs a group or a TNM category");
  }
  stage.evidence = "record";
  patient.stage = std::move(stage);
  return Status::Ok();
}

Status ReadDemographics(const FieldReader& reader, Patient& patient) {
  if (reader.Has("age")) {
    const json& age = reader.Get("age");
    if (age.is_number()) {
      patient.age_years = age.get<double>();
    } else if (age.is_string()) {
      Result<std::optional<Age>> parsed = ParseAge(age.get<std::string>());
      if (!parsed.ok() || !parsed->has_value()) {
        return Status::InvalidArgument(reader.Where("age") + "'" + age.get<std::string>() +
                                       "' is not an age (45 or \"45 years\")");
      }
      patient.age_years = (*parsed)->InYears();
    } else {
      return Status::InvalidArgument(reader.Where("age") +
                                     "must be a number or a string like \"45 years\"");
    }
    if (*patient.age_years < 0 || *patient.age_years > 125) {
      return Status::InvalidArgument(reader.Where("age") + "must be from 0 to 125 years");
    }
  }
  std::string sex;
  RETURN_IF_ERROR(reader.String("sex", sex));
  sex = AsciiUppercase(sex);
  if (sex == "F" || sex == "WOMAN") sex = "FEMALE";
  if (sex == "M" || sex == "MAN") sex = "MALE";
  if (!sex.empty() && sex != "FEMALE" && sex != "MALE") {
    return Status::InvalidArgument(reader.Where("sex") + "must be FEMALE or MALE");
  }
  patient.sex = sex;
  if (reader.Has("location")) {
    FieldReader location(reader.Get("location"), "location", {"lat", "lon"});
    RETURN_IF_ERROR(location.CheckObject());
    RETURN_IF_ERROR(location.Number("lat", patient.latitude));
    RETURN_IF_ERROR(location.Number("lon", patient.longitude));
    if (!patient.latitude || !patient.longitude || std::abs(*patient.latitude) > 90 ||
        std::abs(*patient.longitude) > 180) {
      return Status::InvalidArgument(location.Where("") +
                                     "needs lat (-90..90) and lon (-180..180)");
    }
  }
  return Status::Ok();
}

json ConditionJson(const PatientCondition& condition) {
  json out = {{"name", condition.name}, {"present", condition.present}};
  if (condition.resolved) out["resolved"] = true;
  if (!condition.diagnosed.empty()) out["diagnosed"] = condition.diagnosed;
  if (condition.evidence != "record") out["evidence"] = condition.evidence;
  return out;
}

}  // namespace

Result<Patient> ParsePatientJson(std::string_view text, const CaseReader& case_reader) {
  json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) return Status::InvalidArgument("patient: not valid JSON");
  FieldReader reader(
      document, "",
      {"age", "sex", "location", "conditions", "infections", "labs", "scores", "treatments",
       "stage", "pregnant", "breastfeeding", "consents", "healthy", "description"});
  RETURN_IF_ERROR(reader.CheckObject());
  Patient patient;
  RETURN_IF_ERROR(ReadDemographics(reader, patient));
  RETURN_IF_ERROR(ReadConditionList(reader, "conditions", patient));
  RETURN_IF_ERROR(ReadConditionList(reader, "infections", patient));
  RETURN_IF_ERROR(ReadLabList(reader, patient));
  RETURN_IF_ERROR(ReadScoreList(reader, patient));
  RETURN_IF_ERROR(ReadTreatmentList(reader, patient));
  RETURN_IF_ERROR(ReadStage(reader, patient));
  RETURN_IF_ERROR(reader.Boolean("pregnant", patient.pregnant));
  RETURN_IF_ERROR(reader.Boolean("breastfeeding", patient.breastfeeding));
  RETURN_IF_ERROR(reader.Boolean("consents", patient.consents));
  std::optional<bool> healthy;
  RETURN_IF_ERROR(reader.Boolean("healthy", healthy));
  patient.healthy = healthy.value_or(false);
  for (const auto& [field, value] : {std::pair{"pregnant", patient.pregnant},
                                     std::pair{"breastfeeding", patient.breastfeeding}}) {
    if (patient.sex == "MALE" && value.value_or(false)) {
      return Status::InvalidArgument(reader.Where(field) + "true contradicts \"sex\": \"MALE\"");
    }
  }
  std::string description;
  RETURN_IF_ERROR(reader.String("description", description));
  if (description.size() > kMaxDescriptionBytes) {
    return Status::InvalidArgument(reader.Where("description") + "longer than " +
                                   std::to_string(kMaxDescriptionBytes) +
                                   " characters; give the parts that matter for eligibility");
  }
  case_reader.Read(description, patient);
  AddInfectionsFromMarkers(patient);
  return patient;
}

std::string PatientToJson(const Patient& patient, int indent) {
  json out = json::object();
  if (patient.age_years) out["age"] = *patient.age_years;
  if (!patient.sex.empty()) out["sex"] = patient.sex;
  if (patient.latitude && patient.longitude)
    out["location"] = {{"lat", *patient.latitude}, {"lon", *patient.longitude}};
  out["conditions"] = json::array();
  for (const PatientCondition& condition : patient.conditions)
    out["conditions"].push_back(ConditionJson(condition));
  out["labs"] = json::array();
  for (const PatientLab& lab : patient.labs) {
    json item = {{"name", lab.name}};
    if (lab.value) item["value"] = *lab.value;
    if (!lab.unit.empty()) item["unit"] = lab.unit;
    if (lab.positive) item["positive"] = *lab.positive;
    out["labs"].push_back(item);
  }
  out["scores"] = json::array();
  for (const PatientScore& score : patient.scores)
    out["scores"].push_back({{"name", score.name}, {"value", score.value}});
  out["treatments"] = json::array();
  for (const PatientTreatment& treatment : patient.treatments) {
    const bool never = treatment.response == "never received";
    json item = {{"name", treatment.name}};
    if (never) {
      item["status"] = "never";
    } else if (treatment.timing == TreatmentTiming::kCurrent) {
      item["status"] = "current";
    } else if (treatment.timing == TreatmentTiming::kPast) {
      item["status"] = "past";
    }
    if (treatment.duration_months) item["durationMonths"] = *treatment.duration_months;
    if (!never && !treatment.response.empty()) item["response"] = treatment.response;
    out["treatments"].push_back(item);
  }
  if (patient.stage) {
    json stage = json::object();
    for (auto [key, value] :
         {std::pair{"group", &patient.stage->group}, std::pair{"t", &patient.stage->t},
          std::pair{"n", &patient.stage->n}, std::pair{"m", &patient.stage->m}}) {
      if (!value->empty()) stage[key] = *value;
    }
    out["stage"] = stage;
  }
  if (patient.pregnant) out["pregnant"] = *patient.pregnant;
  if (patient.breastfeeding) out["breastfeeding"] = *patient.breastfeeding;
  if (patient.consents) out["consents"] = *patient.consents;
  if (patient.healthy) out["healthy"] = true;
  if (!patient.description.empty()) out["description"] = patient.description;
  return out.dump(indent);
}

std::vector<std::string> UnknownLabUnits(const Patient& patient) {
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < patient.labs.size(); ++i) {
    const PatientLab& lab = patient.labs[i];
    if (!lab.value || lab.unit.empty()) continue;
    if (IsKnownLabUnit(NormalizeLabUnit(AsciiLowercase(lab.unit), false))) continue;
    // A FHIR Observation is named as the record names it.
    const bool from_fhir = lab.evidence.rfind("record ", 0) == 0;
    const std::string where =
        from_fhir ? lab.evidence.substr(7) : "labs[" + std::to_string(i) + "]";
    notes.push_back(where + " (" + lab.name + "): unit '" + lab.unit +
                    "' is not one matching knows; this value is compared with no criterion");
  }
  return notes;
}

}  // namespace trialfinder
