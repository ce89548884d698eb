// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/stage_judge.h"

#include <algorithm>

#include "text/ascii_case.h"
#include "text/cancer_stage.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

// The record says the cancer spread or came back: its stage is the one at
// diagnosis, which no longer bounds where it is now.
bool SpreadSince(const Patient& patient) {
  static const Pattern kSpread("metasta|recurr|relaps|progress|refractory|secondary malignan");
  return kSpread.Search(AsciiLowercase(patient.description)) ||
         std::any_of(patient.conditions.begin(), patient.conditions.end(),
                     [](const PatientCondition& c) { return c.present && kSpread.Search(c.name); });
}

// The record names a distant metastasis as a condition ("liver
// metastases", "secondary malignant neoplasm of brain"): the cancer is
// stage IV now, whatever stage it had at diagnosis. Lymph node metastases
// are regional (N), not distant.
bool Metastasized(const Patient& patient) {
  static const Pattern kDistant("metasta|secondary malignan");
  static const Pattern kRegional("lymph|nod(?:e|al)");
  return std::any_of(patient.conditions.begin(), patient.conditions.end(),
                     [](const PatientCondition& c) {
                       return c.present && kDistant.Search(c.name) && !kRegional.Search(c.name);
                     });
}

// True when criterion words other than the stage ask for more than a
// diagnosis of the patient's cancer: a marker, a treatment history, a
// score, a time, or a cancer the patient is not known to have.
// `text` without the patient's present conditions and their variants.
std::string WithoutConditions(std::string text, const Patient& patient) {
  for (const PatientCondition& condition : patient.conditions) {
    if (!condition.present) continue;
    for (const std::string& variant : PatientFacts::Variants(condition.name)) {
      if (variant.size() < 3) continue;
      for (std::size_t at = text.find(variant); at != std::string::npos; at = text.find(variant)) {
        text = text.substr(0, at) + " " + text.substr(at + variant.size());
      }
    }
  }
  return text;
}

// The criterion is about a cancer the patient is not known to have
// ("non-metastatic bladder cancer" for a patient with lung cancer): the
// patient's stage says nothing of it.
bool AboutAnotherCancer(const std::string& rest, const Patient& patient) {
  // A kind of cancer: a name that is one ("melanoma", "nsclc"), or a word
  // before a generic one ("bladder cancer", "urothelial carcinoma"); not
  // "cancer diagnosis" or "solid tumors".
  static const Pattern kKind(
      "\\b(?:melanoma|lymphoma|sarcoma|myeloma|leuka?emia|glioma|glioblastoma|\\w+blastoma|"
      "seminoma|thymoma|mesothelioma|nsclc|sclc|hcc|rcc|crc)\\b|\\b(?!(?:stage|any|the|a|an|of|"
      "with|solid|advanced|metastatic|confirmed|diagnosis|histologically|cytologically|"
      "malignant|primary|invasive|recurrent|active|other|known|or|and|disease)\\b)[a-z]{3,}\\s+"
      "(?:cancers?|carcinomas?|tumou?rs?|neoplasms?)\\b");
  return kKind.Search(rest) && WithoutConditions(rest, patient) == rest;
}

bool AsksMore(const std::string& rest, const Patient& patient) {
  static const Pattern kMore(
      "\\b(?:positive|negative|mutation\\w*|mutant|rearrange\\w*|fusion|amplif\\w*|express\\w*|"
      "wild[- ]type|recurren\\w*|relaps\\w*|refractory|resistant|progress\\w*|prior|previous\\w*|"
      "treated|treatment|therap\\w*|naive|untreated|measurable|newly|active|remission|"
      "resect\\w*|unresectable|operable|inoperable|candidate|scheduled|planned|undergoing|"
      "within|weeks?|months?|years?|score|index|grade|brain|cns|metasta\\w*|except|unless|"
      "not|no|without)\\b|[<>=]\\s*\\d");
  if (kMore.Search(rest)) return true;
  std::string left = WithoutConditions(rest, patient);
  static const Pattern kGeneric(
      "\\b(?:patients?|subjects?|participants?|individuals?|with|who|have|has|having|must|be|is|"
      "are|disease|cancers?|tumou?rs?|malignan\\w*|neoplasms?|histolog\\w*|cytolog\\w*|"
      "patholog\\w*|confirmed|documented|proven|diagnos\\w*|of|the|a|an|at|and|or|by|ajcc|uicc|"
      "tnm|\\d+(?:st|nd|rd|th)|edition|criteria|version|according|to|per|staging|system|"
      "clinical\\w*|in|defined|as|any|eligible|inclusion|disease|solid|cancer|advanced|meet|"
      "biopsy|imaging|evidence|international|association|study|iaslc|american|joint|committee|"
      "manual|thoracic|oncology|eighth|seventh|for|presence|locally|known)\\b");
  left = kGeneric.ReplaceAll(left, " ");
  static const Pattern kWord("[a-z]{2,}");
  return kWord.Search(left);
}

std::string Describe(const PatientStage& stage) {
  std::string out = stage.group.empty() ? "" : "stage " + stage.group;
  const std::string tnm = stage.t + stage.n + stage.m;
  if (!tnm.empty()) out += (out.empty() ? "" : " (") + tnm + (out.empty() ? "" : ")");
  return out;
}

}  // namespace

std::optional<Judgement> JudgeStage(const std::string& lower, const PatientFacts& facts,
                                    const std::vector<std::string>& topics, bool exclusion,
                                    const Judgement& combined, bool only_diagnosis) {
  const Patient& patient = facts.patient();
  const bool metastasized = Metastasized(patient);
  if (!patient.stage && !metastasized) return std::nullopt;
  // Only in a cancer's context: "WHO clinical stage III" in an HIV trial
  // or a disc's "stage 3" is not a cancer's stage.
  if (!NamesACancer(lower) &&
      std::none_of(topics.begin(), topics.end(),
                   [](const std::string& topic) { return NamesACancer(AsciiLowercase(topic)); })) {
    return std::nullopt;
  }
  const std::optional<StageAsked> asked = ReadStageAsked(lower);
  if (!asked) return std::nullopt;
  if (AboutAnotherCancer(asked->rest, patient)) return std::nullopt;
  const PatientStage stage = patient.stage ? *patient.stage : PatientStage{};
  StageKnown known = KnownStage(stage.group, stage.m);
  if (metastasized) known = {{4}, 0};
  StageFit fit = FitStage(*asked, known);
  const bool stage_four = known.numbers == std::vector<int>{4};
  if (fit != StageFit::kUnsure && !stage_four && SpreadSince(patient)) fit = StageFit::kUnsure;
  const std::string evidence =
      (metastasized ? std::string("metastatic disease in the record")
                    : Describe(stage) + " in the " +
                          (stage.evidence == "record" ? "record" : stage.evidence)) +
      "; the criterion asks for '" + asked->phrase + "'";
  if (fit == StageFit::kNo && asked->conditional) {
    return Judgement{Truth::kNotApplicable, evidence + ", a rule for patients of that stage only",
                     std::nullopt};
  }
  if (fit == StageFit::kNo) {
    if (!exclusion && combined.truth != Truth::kFalse) {
      return Judgement{Truth::kFalse, evidence, std::nullopt};
    }
    if (exclusion && combined.truth != Truth::kTrue) {
      return Judgement{Truth::kFalse, evidence, std::nullopt};
    }
    return std::nullopt;
  }
  if (fit != StageFit::kYes) return std::nullopt;
  if (AsksMore(asked->rest, patient)) {
    // The stage fits; say so rather than that it is missing.
    if (combined.truth == Truth::kFalse || combined.truth == Truth::kNotApplicable ||
        (exclusion && combined.truth == Truth::kTrue)) {
      return std::nullopt;
    }
    return Judgement{
        Truth::kUnknown,
        evidence + ", which fits; the rest of the criterion is not known from the record",
        std::nullopt};
  }
  // Within: the diagnosis (if named) and the stage are all the criterion
  // asks.
  const bool diagnosis_fits =
      combined.truth == Truth::kTrue
          ? only_diagnosis
          : combined.truth != Truth::kFalse && combined.truth != Truth::kNotApplicable;
  if (!diagnosis_fits) return std::nullopt;
  return Judgement{Truth::kTrue,
                   combined.truth == Truth::kTrue ? combined.evidence + "; " + evidence : evidence,
                   std::nullopt};
}

}  // namespace trialfinder
