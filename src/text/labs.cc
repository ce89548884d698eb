// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/labs.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "assets/embedded_assets.h"
#include "text/named_table.h"

namespace trialfinder {

namespace {

const NamedTable& LabNames() {
  static const NamedTable kNames(EmbeddedAsset("lab-names.tsv"), NamedTable::Anchoring::kWhole);
  return kNames;
}

}  // namespace

const std::string& LabNamePattern() { return LabNames().Alternatives(); }

const NamedTable& LabMarkers() {
  static const NamedTable kMarkers(EmbeddedAsset("lab-markers.tsv"),
                                   NamedTable::Anchoring::kSearch);
  return kMarkers;
}

const std::string& LabUnitPattern() {
  static const std::string kPattern =
      "10\\^?\\s*9\\s*/\\s*l|uln|(?:the )?upper limit of normal(?: \\(uln\\))?|g/dl|g/l|mg/dl|mg/l|"
      "umol/l|mmol/l|cells/mm3|cells/ul|/\\s*mm\\^?3|/ul|%|per\\s?cent\\b|mls?/min(?:/"
      "1\\.73\\s*m\\^?2)?|kg/"
      "m\\^?2|iu/l|u/l|ng/ml|"
      "pg/ml|g/24\\s*h|mg/24\\s*h|mg/g|meq/l|mm\\s*hg|µmol/l|μmol/l|k/ul|x?10\\^3/ul|u/ml|iu/"
      "ml|miu/ml|ng/dl|nmol/l|pmol/l|mmol/mol";
  return kPattern;
}

std::string CanonicalLabName(const std::string& written) {
  const std::optional<std::string> listed = LabNames().NameOf(written);
  if (listed && !listed->empty()) return *listed;
  std::string upper = written;
  if (upper.size() <= 4) std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  return upper;
}

namespace {

// Units as written (lower case, no spaces) -> their usual spelling. A
// written unit starting with a key is that unit. Thousands per microlitre
// (US reports' "K/uL", UCUM's "10*3/uL") are 10^9 per litre.
const std::map<std::string, std::string>& UnitSpellings() {
  static const std::map<std::string, std::string> kUnits = {
      {"g/dl", "g/dL"},
      {"g/l", "g/L"},
      {"mg/dl", "mg/dL"},
      {"mg/l", "mg/L"},
      {"umol/l", "umol/L"},
      {"mmol/l", "mmol/L"},
      {"/mm3", "/uL"},
      {"/mm^3", "/uL"},
      {"/ul", "/uL"},
      {"cells/mm3", "/uL"},
      {"cells/ul", "/uL"},
      {"%", "%"},
      {"percent", "%"},
      {"ml/min", "mL/min"},
      {"mls/min", "mL/min"},
      {"kg/m2", "kg/m2"},
      {"kg/m^2", "kg/m2"},
      {"iu/l", "IU/L"},
      {"u/l", "U/L"},
      {"ng/ml", "ng/mL"},
      {"pg/ml", "pg/mL"},
      {"g/24h", "g/24h"},
      {"mg/24h", "mg/24h"},
      {"mg/g", "mg/g"},
      {"meq/l", "mEq/L"},
      {"mmhg", "mmHg"},
      {"mm[hg]", "mmHg"},
      {"10*9/l", "10^9/L"},
      {"10^3/ul", "10^9/L"},
      {"10*3/ul", "10^9/L"},
      {"x10^3/ul", "10^9/L"},
      {"k/ul", "10^9/L"},
      {"thou/ul", "10^9/L"},
      // Tumour markers, hormones and other tests, kept in their own unit.
      {"u/ml", "U/mL"},
      {"iu/ml", "IU/mL"},
      {"miu/ml", "mIU/mL"},
      {"ng/dl", "ng/dL"},
      {"nmol/l", "nmol/L"},
      {"pmol/l", "pmol/L"},
      {"mmol/mol", "mmol/mol"},
      {"ug/l", "ug/L"},
      {"ug/dl", "ug/dL"},
      {"copies/ml", "copies/mL"}};
  return kUnits;
}

}  // namespace

std::string NormalizeLabUnit(std::string written, bool times) {
  written.erase(std::remove(written.begin(), written.end(), ' '), written.end());
  // The micro sign and the Greek mu ("µmol/L", "μmol/L") are written "u"
  // (physician user test: both were "units cannot be compared").
  for (const char* micro : {"\u00b5", "\u03bc"}) {
    for (std::size_t at = written.find(micro); at != std::string::npos; at = written.find(micro))
      written.replace(at, std::char_traits<char>::length(micro), "u");
  }
  std::transform(written.begin(), written.end(), written.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (written.empty()) return times ? "x" : "";
  if (written.find("uln") != std::string::npos || written.find("upperlimit") != std::string::npos)
    return "xULN";
  if (written.find("10^9") != std::string::npos || written.find("109/l") != std::string::npos)
    return "10^9/L";
  for (const auto& [from, to] : UnitSpellings()) {
    if (written.rfind(from, 0) == 0) return to;
  }
  return written;
}

bool IsKnownLabUnit(const std::string& unit) {
  if (unit == "xULN" || unit == "10^9/L" || unit == "x") return true;
  return std::any_of(UnitSpellings().begin(), UnitSpellings().end(),
                     [&](const auto& spelling) { return spelling.second == unit; });
}

std::optional<LabValue> CanonicalLabValue(const std::string& name, double v, const std::string& u) {
  const std::string& n = name;
  if (n == "hemoglobin") {
    if (u == "g/dL") return LabValue{v, "g/dL"};
    if (u == "g/L") return LabValue{v / 10, "g/dL"};
    if (u == "mmol/L") return LabValue{v * 1.611, "g/dL"};
  } else if (n == "platelet count" || n == "white blood cell count" ||
             n == "absolute neutrophil count" || n == "lymphocyte count") {
    if (u == "10^9/L") return LabValue{v, "10^9/L"};
    if (u == "/uL") return LabValue{v / 1000, "10^9/L"};
  } else if (n == "serum creatinine") {
    if (u == "mg/dL") return LabValue{v, "mg/dL"};
    if (u == "umol/L") return LabValue{v / 88.4, "mg/dL"};
  } else if (n == "total bilirubin") {
    if (u == "mg/dL") return LabValue{v, "mg/dL"};
    if (u == "umol/L") return LabValue{v / 17.1, "mg/dL"};
  } else if (n == "HbA1c") {
    if (u == "%") return LabValue{v, "%"};
    // IFCC to NGSP (the master equation of the IFCC-NGSP comparison).
    if (u == "mmol/mol") return LabValue{0.09148 * v + 2.152, "%"};
  } else if (n == "potassium" || n == "sodium" || n == "chloride" || n == "bicarbonate") {
    // Ions of one charge: a milliequivalent is a millimole.
    if (u == "mmol/L" || u == "mEq/L") return LabValue{v, "mmol/L"};
  } else if (n == "IGA" || n == "IGG" || n == "IGM") {
    if (u == "mg/dL") return LabValue{v, "mg/dL"};
    if (u == "g/L") return LabValue{v * 100, "mg/dL"};
  } else if (!u.empty()) {
    return LabValue{v, u};
  }
  return std::nullopt;
}

std::optional<std::string> UnitOfAValueWithout(const std::string& name, double value) {
  if (value <= 0) return std::nullopt;
  if (name == "HbA1c") return value <= 20 ? "%" : "mmol/mol";
  // Kidney function has one unit in use (mL/min, per 1.73 m2 for eGFR).
  if (name == "eGFR" || name == "creatinine clearance") return "mL/min";
  // "BMI 36": body mass index has one unit in use; so has blood pressure.
  if (name == "BMI") return "kg/m2";
  if (name == "systolic blood pressure" || name == "diastolic blood pressure") return "mmHg";
  // PSA is reported in ng/mL (the same number in ug/L) everywhere, a CD4
  // count in cells per microlitre.
  if (name == "PSA") return "ng/mL";
  if (name == "CD4 count") return "/uL";
  // Blood counts per microlitre are thousands; per litre (10^9/L), units
  // to hundreds: "platelets 90,000" and "platelets 90" cannot be the same
  // unit. Between the two ranges (a platelet count of 2,000) is not guessed.
  if (name == "platelet count") {
    if (value >= 10000) return "/uL";
    if (value <= 1000) return "10^9/L";
  }
  if (name == "white blood cell count" || name == "absolute neutrophil count" ||
      name == "lymphocyte count") {
    if (value >= 1000) return "/uL";
    if (value <= 50) return "10^9/L";
  }
  return std::nullopt;
}

std::optional<std::string> ImplausibleLabValue(const std::string& name, double value,
                                               const std::string& unit) {
  // Wider than any value reported in people (hemoglobin about 2-25 g/dL,
  // leukaemic white counts a few hundred 10^9/L, creatinine in anuria
  // rarely above 20 mg/dL, bilirubin rarely above 50 mg/dL).
  struct Bound {
    const char* name;
    double high;
  };
  static constexpr Bound kBounds[] = {
      {"hemoglobin", 25},
      {"platelet count", 5000},
      {"white blood cell count", 1000},
      {"absolute neutrophil count", 1000},
      {"lymphocyte count", 1000},
      {"serum creatinine", 40},
      {"total bilirubin", 100},
  };
  const std::optional<LabValue> canonical = CanonicalLabValue(name, value, unit);
  if (!canonical) return std::nullopt;
  for (const Bound& bound : kBounds) {
    if (name != bound.name) continue;
    if (canonical->value >= 0 && canonical->value <= bound.high) return std::nullopt;
    std::ostringstream range;
    range << "0-" << bound.high << " " << canonical->unit;
    return range.str();
  }
  return std::nullopt;
}

}  // namespace trialfinder
