// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/operations.h"

#include <utility>

#include "match/patient_facts.h"
#include "text/ascii_case.h"
#include "text/pattern.h"

namespace trialfinder {

namespace {

// The endings of operations' names, in words a note may write.
constexpr const char* kOperationEndings = "ectomy|otomy|ostomy|plasty";

}  // namespace

bool IsOperationName(const std::string& lower_name) {
  static const Pattern kOperation(std::string("[a-z](?:") + kOperationEndings +
                                  "|pexy)\\b|\\b(?:resection|transplant\\w*|repair|"
                                  "replacement|bypass|fusion|surgery|surgical|operation)\\b");
  return kOperation.Search(lower_name);
}

std::optional<RecordedOperation> OperationInRecord(const Patient& patient,
                                                   const ClinicalText& text) {
  for (const PatientTreatment& t : patient.treatments) {
    if (t.response == "never received" || !IsOperationName(AsciiLowercase(t.name))) continue;
    return RecordedOperation{t.name, PatientFacts::DescribeEvidence(t.evidence, t.name)};
  }
  static const Pattern kOperationWord(std::string("\\b[a-z]+(?:") + kOperationEndings + ")\\b");
  for (const PatternMatch& word : kOperationWord.FindAll(AsciiLowercase(patient.description))) {
    const Mention mention = text.Find(word.str());
    if (mention.status == MentionStatus::kAffirmed)
      return RecordedOperation{word.str(), mention.clause};
  }
  return std::nullopt;
}

std::vector<std::string> OperationsOnOrganIn(const std::string& lower_criterion) {
  struct Organ {
    Pattern asked;  // the organ operated on, or one of its operations
    std::vector<std::string> operations;
  };
  // Compiled once: this runs for many criteria of every match.
  static const std::vector<Organ> kOrgans = [] {
    const std::vector<std::pair<const char*, std::vector<std::string>>> table = {
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
    std::vector<Organ> organs;
    for (const auto& [words, operations] : table) {
      std::string named;
      for (const std::string& operation : operations) {
        named += named.empty() ? "" : "|";
        named += operation;
      }
      organs.push_back(
          {Pattern(std::string("\\b(?:") + words +
                   ")\\s+(?:cancer\\s+)?(?:surgery|surgeries|resection|operation|removal)\\b|"
                   "\\b(?:surgery|resection|operation|removal)\\s+(?:of|on)\\s+(?:the\\s+)?(?:" +
                   words + ")\\b|\\b(?:" + named + ")\\b"),
           operations});
    }
    return organs;
  }();
  // Most criteria name no operation at all.
  static const Pattern kAnyOperation("surger|resection|operation|removal|ectomy|whipple");
  if (!kAnyOperation.Search(lower_criterion)) return {};
  for (const Organ& organ : kOrgans) {
    if (organ.asked.Search(lower_criterion)) return organ.operations;
  }
  return {};
}

}  // namespace trialfinder
