// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/operations.h"

#include "text/pattern.h"

namespace trialfinder {

bool IsOperationName(const std::string& lower_name) {
  static const Pattern kOperation(
      "[a-z](?:ectomy|otomy|ostomy|plasty|pexy)\\b|\\b(?:resection|transplant\\w*|repair|"
      "replacement|bypass|fusion|surgery|surgical|operation)\\b");
  return kOperation.Search(lower_name);
}

std::vector<std::string> OperationsOnOrganIn(const std::string& lower_criterion) {
  struct Organ {
    const char* words;  // alternatives naming the organ in a criterion
    std::vector<std::string> operations;
  };
  static const std::vector<Organ> kOrgans = {
      {"prostate|prostatic", {"prostatectomy"}},
      {"breast", {"mastectomy", "lumpectomy"}},
      {"colon|colonic|colorectal|bowel", {"colectomy", "hemicolectomy"}},
      {"gastric|stomach", {"gastrectomy"}},
      {"kidney|renal", {"nephrectomy"}},
      {"lung|pulmonary", {"lobectomy", "pneumonectomy", "segmentectomy"}},
      {"thyroid", {"thyroidectomy"}},
      {"uterus|uterine", {"hysterectomy"}},
      {"gallbladder|gall bladder", {"cholecystectomy"}},
      {"ovary|ovaries|ovarian", {"oophorectomy"}},
      {"spleen|splenic", {"splenectomy"}},
      {"pancreas|pancreatic", {"pancreatectomy", "whipple"}},
      {"bladder", {"cystectomy"}},
  };
  for (const Organ& organ : kOrgans) {
    std::string operations;
    for (const std::string& operation : organ.operations) {
      operations += operations.empty() ? "" : "|";
      operations += operation;
    }
    const Pattern asked(
        std::string("\\b(?:") + organ.words +
        ")\\s+(?:cancer\\s+)?(?:surgery|surgeries|resection|operation|removal)\\b|"
        "\\b(?:surgery|resection|operation|removal)\\s+(?:of|on)\\s+(?:the\\s+)?(?:" +
        organ.words + ")\\b|\\b(?:" + operations + ")\\b");
    if (asked.Search(lower_criterion)) return organ.operations;
  }
  return {};
}

}  // namespace trialfinder
