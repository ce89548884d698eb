// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

#include "text/ascii_case.h"
#include "text/concepts.h"
#include "text/drugs.h"
#include "text/normalize.h"
#include "trialfinder/criteria.h"

namespace trialfinder {
namespace {

// Drug classes and common treatments that criteria name without a registry
// record having them as interventions.
constexpr std::array<std::string_view, 58> kShippedDrugs = {"glucocorticoids",
                                                            "glucocorticoid",
                                                            "corticosteroids",
                                                            "corticosteroid",
                                                            "steroids",
                                                            "prednisone",
                                                            "prednisolone",
                                                            "methylprednisolone",
                                                            "dexamethasone",
                                                            "hydroxychloroquine",
                                                            "antimalarials",
                                                            "immunosuppressants",
                                                            "immunosuppressant",
                                                            "biologics",
                                                            "mycophenolate mofetil",
                                                            "mycophenolate",
                                                            "cyclophosphamide",
                                                            "methotrexate",
                                                            "azathioprine",
                                                            "tacrolimus",
                                                            "cyclosporine",
                                                            "cyclosporin",
                                                            "leflunomide",
                                                            "voclosporin",
                                                            "belimumab",
                                                            "anifrolumab",
                                                            "rituximab",
                                                            "obinutuzumab",
                                                            "telitacicept",
                                                            "tocilizumab",
                                                            "nintedanib",
                                                            "tofacitinib",
                                                            "intravenous immunoglobulin",
                                                            "ivig",
                                                            "jak inhibitors",
                                                            "calcineurin inhibitors",
                                                            "insulin",
                                                            "metformin",
                                                            "chemotherapy",
                                                            "radiotherapy",
                                                            "radiation therapy",
                                                            "immunotherapy",
                                                            "pembrolizumab",
                                                            "nivolumab",
                                                            "car-t",
                                                            "car t",
                                                            "cell therapy",
                                                            "gene therapy",
                                                            "anticoagulants",
                                                            "warfarin",
                                                            "aspirin",
                                                            "heparin",
                                                            "opioids",
                                                            "antibiotics",
                                                            "antidepressants",
                                                            "vaccine",
                                                            "live vaccine",
                                                            "investigational product"};

// Words too general to be a condition on their own.
constexpr std::array<std::string_view, 22> kGenericConditionWords = {
    "disease",    "diseases", "disorder", "disorders",  "syndrome",   "infection",
    "infections", "healthy",  "other",    "condition",  "conditions", "control",
    "volunteers", "none",     "children", "adults",     "patients",   "women",
    "men",        "oncology", "elderly",  "adolescents"};

std::string Join(const std::vector<std::string>& words, std::size_t begin, std::size_t count) {
  std::string out;
  for (std::size_t i = begin; i < begin + count; ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

// Longest names first, left to right, non-overlapping. Each start position
// grows its phrase one word at a time, so a long lexicon entry costs one
// append per word instead of rebuilding every shorter phrase. `known` says
// whether a phrase is a name, `starts` whether a word starts one: a phrase
// is grown only from such a word (it was 8 lookups per word, a sixth of a
// cold /match under perf).
template <class Known, class Starts>
std::vector<std::pair<std::string, std::size_t>> FindPhrases(const Known& known,
                                                             const Starts& starts,
                                                             std::size_t longest,
                                                             std::string_view text) {
  std::vector<std::pair<std::string, std::size_t>> found;
  const std::vector<std::string> words = SplitCriteriaWords(text);
  std::string phrase;
  for (std::size_t i = 0; i < words.size();) {
    if (!starts(words[i])) {
      ++i;
      continue;
    }
    std::size_t matched = 0;
    std::size_t matched_size = 0;
    phrase.clear();
    for (std::size_t length = 1; length <= std::min(longest, words.size() - i); ++length) {
      if (length > 1) phrase += ' ';
      phrase += words[i + length - 1];
      if (known(phrase)) {
        matched = length;
        matched_size = phrase.size();
      }
    }
    if (matched) found.emplace_back(phrase.substr(0, matched_size), i);
    i += matched ? matched : 1;
  }
  return found;
}

}  // namespace

CriteriaLexicon CriteriaLexicon::Over(const CriteriaLexicon& base) {
  CriteriaLexicon overlay;
  overlay.drugs_.clear();
  overlay.conditions_.clear();
  overlay.drug_first_words_.clear();
  overlay.condition_first_words_.clear();
  overlay.longest_drug_words_ = base.longest_drug_words_;
  overlay.longest_condition_words_ = base.longest_condition_words_;
  overlay.base_ = &base;
  return overlay;
}

bool CriteriaLexicon::HasDrug(const std::string& name) const {
  return drugs_.count(name) > 0 || (base_ != nullptr && base_->HasDrug(name));
}

bool CriteriaLexicon::HasCondition(const std::string& name) const {
  return conditions_.count(name) > 0 || (base_ != nullptr && base_->HasCondition(name));
}

bool CriteriaLexicon::StartsDrug(const std::string& word) const {
  return drug_first_words_.count(word) > 0 || (base_ != nullptr && base_->StartsDrug(word));
}

bool CriteriaLexicon::StartsCondition(const std::string& word) const {
  return condition_first_words_.count(word) > 0 ||
         (base_ != nullptr && base_->StartsCondition(word));
}

CriteriaLexicon::CriteriaLexicon() {
  for (std::string_view drug : kShippedDrugs) AddDrug(std::string(drug));
  for (const char* condition : {"malignancy",
                                "cancer",
                                "diabetes",
                                "hypertension",
                                "heart failure",
                                "myocardial infarction",
                                "stroke",
                                "epilepsy",
                                "seizures",
                                "psychosis",
                                "dementia",
                                "depression",
                                "asthma",
                                "copd",
                                "cirrhosis",
                                "pulmonary hypertension",
                                "interstitial lung disease",
                                "glomerulonephritis",
                                "dialysis",
                                "smoking",
                                "smokers",
                                "smoker"}) {
    AddCondition(condition);
  }
  // The concept table's names of diseases, so that criteria naming one in
  // words no registry record uses are read ("diagnosed with hepatitis,
  // rheumatoid arthritis, lupus erythematosus, or other autoimmune
  // disease": lupus was not, and a patient with SLE was not excluded).
  // Its treatment groups (transplants, CAR-T) are read as cell therapies.
  // Names of two words or more: single words are symptoms, wide
  // categories or parts of other names ("anxiety", "tumor"; "lupus" in
  // "British Isles Lupus Assessment Group"), and reading them in case notes
  // and criteria cost the development ranking 11 points of NDCG@10 over
  // BM25 (+82.1 % -> +70.7 %).
  for (const std::string& name : ConceptTable::Builtin().WrittenNames()) {
    const std::vector<std::string> words = SplitCriteriaWords(AsciiLowercase(name));
    const bool treatment = std::any_of(words.begin(), words.end(), [](const std::string& word) {
      return word.rfind("transplant", 0) == 0 || word == "car" || word == "chimeric";
    });
    if (treatment || words.size() < 2) continue;
    AddCondition(name);
    // Criteria name classes in the plural ("autoimmune diseases").
    if (words.back().back() != 's') AddCondition(name + "s");
  }
}

void CriteriaLexicon::AddDrug(const std::string& name) {
  const std::vector<std::string> words = SplitCriteriaWords(name);
  // A name of more than eight words is a regimen description, not a name
  // criteria text repeats.
  if (words.empty() || words.size() > 8 || (words.size() == 1 && words[0].size() < 4)) return;
  if (words.size() == 1 && (words[0] == "placebo" || words[0] == "sham" || words[0] == "control"))
    return;
  longest_drug_words_ = std::max(longest_drug_words_, words.size());
  drugs_.insert(Join(words, 0, words.size()));
  drug_first_words_.insert(words.front());
}

void CriteriaLexicon::AddCondition(const std::string& name) {
  // "Small Cell Lung Carcinoma (SCLC)": the name without its abbreviation,
  // as criteria and patients write it (user test: the criterion "Small
  // cell lung carcinoma (SCLC)" was read as that whole name, which a
  // patient's "small cell lung cancer" did not meet).
  if (const std::size_t open = name.rfind(" (");
      open != std::string::npos && open > 0 && name.back() == ')' && name.find(' ') < open) {
    AddCondition(name.substr(0, open));
    return;
  }
  const std::vector<std::string> words = SplitCriteriaWords(MeshNaturalOrder(name));
  if (words.empty() || words.size() > 6) return;
  if (words.size() == 1 && (words[0].size() < 4 ||
                            std::find(kGenericConditionWords.begin(), kGenericConditionWords.end(),
                                      words[0]) != kGenericConditionWords.end())) {
    return;
  }
  longest_condition_words_ = std::max(longest_condition_words_, words.size());
  conditions_.insert(Join(words, 0, words.size()));
  condition_first_words_.insert(words.front());
}

void CriteriaLexicon::AddStudy(const Study& study) { AddNames(NamesOf(study)); }

void CriteriaLexicon::AddNames(const StudyNames& names) {
  for (const std::string& drug : names.drugs) AddDrug(drug);
  for (const std::string& condition : names.conditions) AddCondition(condition);
}

std::vector<std::string> CriteriaLexicon::FindDrugs(std::string_view text) const {
  std::vector<std::string> names;
  const auto known = [this](const std::string& phrase) { return HasDrug(phrase); };
  const auto starts = [this](const std::string& word) { return StartsDrug(word); };
  const auto add = [&names](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (auto& [name, position] : FindPhrases(known, starts, longest_drug_words_, text)) add(name);
  // The shipped table (data/lexicon/drugs.tsv): brands as their generic
  // ("Lantus" is insulin glargine) and the classes it knows ("insulin").
  // A name already found in another form ("steroids" for "steroid",
  // "cyclosporin" for "cyclosporine") is not added again.
  const DrugTable& table = DrugTable::Builtin();
  const std::string lower = AsciiLowercase(text);
  const std::size_t found = names.size();
  const auto known_as = [&](const auto& same) {
    return std::any_of(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(found), same);
  };
  for (const std::string& generic : table.DrugsIn(lower)) {
    if (!known_as([&](const std::string& n) { return table.GenericOf(n) == generic; }))
      add(generic);
  }
  for (const std::string& drug_class : table.ClassesIn(lower)) {
    const std::vector<std::string>* members = &table.Members(drug_class);
    if (!known_as([&](const std::string& n) { return &table.Members(n) == members; }))
      add(drug_class);
  }
  return names;
}

std::vector<std::pair<std::string, std::size_t>> CriteriaLexicon::FindConditions(
    std::string_view text) const {
  const auto known = [this](const std::string& phrase) { return HasCondition(phrase); };
  const auto starts = [this](const std::string& word) { return StartsCondition(word); };
  return FindPhrases(known, starts, longest_condition_words_, text);
}

}  // namespace trialfinder
