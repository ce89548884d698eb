// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "plain/plain_words.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <sstream>

#include "assets/embedded_assets.h"
#include "text/ascii_case.h"
#include "text/word_list.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/plain.h"

namespace trialfinder::plain {

namespace {

bool IsAcronym(const std::string& word) {
  int upper = 0;
  for (char c : word) upper += std::isupper(static_cast<unsigned char>(c)) ? 1 : 0;
  return upper >= 2 || std::any_of(word.begin(), word.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

bool TitleSaysTreatmentResistant(const Study& study) {
  const std::string titles = AsciiLowercase(study.protocol.identification.brief_title + " " +
                                            study.protocol.identification.official_title);
  return titles.find("refractory") != std::string::npos ||
         titles.find("resistant") != std::string::npos;
}

bool TitleSaysRelapsed(const Study& study) {
  const std::string titles = AsciiLowercase(study.protocol.identification.brief_title + " " +
                                            study.protocol.identification.official_title);
  return titles.find("relapse") != std::string::npos;
}

}  // namespace

bool Has(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string JoinList(const std::vector<std::string>& items, const std::string& last_word) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += items.size() == 2 ? " " + last_word + " "
                               : (i + 1 == items.size() ? ", " + last_word + " " : ", ");
    out += items[i];
  }
  return out;
}

std::string Capitalized(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string CleanConditionName(std::string name) {
  // Only "ABBR - Long Name": "COVID-19" and "HER2-positive ..." stay whole.
  const std::size_t dash = name.find('-');
  if (dash != std::string::npos && dash <= 6) {
    const std::string left = name.substr(0, dash);
    const std::string trimmed_left = left.substr(0, left.find_last_not_of(' ') + 1);
    std::string right = name.substr(dash + 1);
    right.erase(0, right.find_first_not_of(' '));
    const bool long_name = !right.empty() && std::isupper(static_cast<unsigned char>(right[0])) &&
                           right.find(' ') != std::string::npos;
    if (long_name && !trimmed_left.empty() && trimmed_left.find(' ') == std::string::npos &&
        IsAcronym(trimmed_left)) {
      name = right;
    }
  }
  std::string out;
  std::string word;
  auto flush = [&] {
    out += IsAcronym(word) ? word : AsciiLowercase(word);
    word.clear();
  };
  for (char c : name) {
    if (c == ' ') {
      flush();
      out += ' ';
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

std::vector<std::string> ConditionNames(const Study& study, std::size_t limit) {
  std::vector<std::string> names;
  for (const std::string& condition : study.protocol.conditions.conditions) {
    std::string name = CleanConditionName(condition);
    if (!name.empty() && !Has(names, name)) names.push_back(name);
  }
  // One name more than the limit is shown rather than hidden behind
  // "other conditions" (issue 25: KITE-363's fourth condition).
  if (names.size() > limit + 1) {
    names.resize(limit);
    names.push_back("other conditions");
  }
  return names;
}

bool IsDrugClass(const std::string& name) {
  static const WordList kClasses(EmbeddedAsset("drug-classes.txt"));
  return kClasses.Contains(AsciiLowercase(name));
}

CodeWords RegistryCodeWords(const std::string& code) {
  static const std::map<std::string, CodeWords, std::less<>> kCodes = [] {
    std::map<std::string, CodeWords, std::less<>> codes;
    std::istringstream lines{std::string(EmbeddedAsset("registry-codes.tsv"))};
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || line[0] == '#') continue;
      const std::size_t first = line.find('\t');
      const std::size_t second = line.find('\t', first == std::string::npos ? first : first + 1);
      if (first == std::string::npos || second == std::string::npos) continue;
      codes[line.substr(0, first)] = {line.substr(first + 1, second - first - 1),
                                      line.substr(second + 1)};
    }
    return codes;
  }();
  if (const auto found = kCodes.find(code); found != kCodes.end()) return found->second;
  std::string label = AsciiLowercase(code);
  std::replace(label.begin(), label.end(), '_', ' ');
  return {Capitalized(std::move(label)), ""};
}

bool IsPlacebo(const std::string& name) {
  const std::string lower = AsciiLowercase(name);
  return lower.find("placebo") != std::string::npos || lower.find("sham") != std::string::npos;
}

std::string MainIntervention(const Study& study) {
  for (const Intervention& intervention : study.protocol.arms_interventions.interventions) {
    if (!IsPlacebo(intervention.name)) return intervention.name;
  }
  return "";
}

Stage StageOf(const Study& study) {
  const std::vector<std::string>& phases = study.protocol.design.phases;
  if (Has(phases, "EARLY_PHASE1") || Has(phases, "PHASE1")) return Stage::kEarly;
  if (Has(phases, "PHASE2")) return Stage::kMiddle;
  if (Has(phases, "PHASE3")) return Stage::kLate;
  if (Has(phases, "PHASE4")) return Stage::kApproved;
  return Stage::kNone;
}

// One row per stage, in Stage order.
constexpr std::array<StagePhrases, 5> kStagePhrases = {{
    {"", "if it helps", "Ask the study team what taking part involves and how long it lasts."},
    {"early-phase ", "if it is safe and which dose to use",
     "Early-phase studies are small. They mostly check safety and the right dose. "
     "They cannot show yet that a treatment works."},
    {"mid-phase ", "how well it works and how safe it is",
     "Mid-phase studies check if a treatment works and keep checking safety."},
    {"late-phase ", "if it works better than, or as well as, the usual treatment",
     "Late-phase studies are large. They compare a treatment with the usual care."},
    {"post-approval ", "how it works in everyday care",
     "The treatment is already approved. This study learns more about its use."},
}};

const StagePhrases& PhrasesFor(Stage stage) {
  return kStagePhrases.at(static_cast<std::size_t>(stage));
}

namespace {

// A record that says nothing of who can join (no criteria, no sex): its
// missing ages are not "any age" (user test of a bare record).
bool GivesNoEligibility(const EligibilityModule& eligibility) {
  return eligibility.eligibility_criteria.empty() && eligibility.sex.empty();
}

}  // namespace

std::string WhoWords(const EligibilityModule& eligibility) {
  const std::optional<Age>& minimum = eligibility.minimum_age;
  const std::optional<Age>& maximum = eligibility.maximum_age;
  auto years = [](const Age& age) {
    const double value = age.InYears();
    return value >= 1 ? std::to_string(static_cast<int>(value)) : age.text;
  };
  const bool adults = minimum && minimum->InYears() >= 18;
  // A study of one sex says so where it says who it is for (user test:
  // "Good fit: Adults ... with depression" for a study of new mothers).
  const std::string& sex = eligibility.sex;
  const std::string noun = sex == "FEMALE" ? (adults ? "women" : "girls and women")
                           : sex == "MALE" ? (adults ? "men" : "boys and men")
                           : adults        ? "adults"
                                           : "people";
  if (minimum && maximum) return noun + " aged " + years(*minimum) + " to " + years(*maximum);
  if (minimum) return noun + " aged " + years(*minimum) + " and older";
  if (maximum) return noun + " up to age " + years(*maximum);
  if (GivesNoEligibility(eligibility)) return "people";
  return noun + " of any age";
}

std::string DiseaseQualifier(const Study& study) {
  const bool resistant = TitleSaysTreatmentResistant(study);
  const bool relapsed = TitleSaysRelapsed(study);
  if (resistant && relapsed) return "relapsed or treatment-resistant ";
  if (resistant) return "treatment-resistant ";
  if (relapsed) return "relapsed ";
  return "";
}

std::string MonthYear(const std::string& date) {
  const std::optional<PartialDate> parsed = PartialDate::Parse(date);
  if (!parsed || parsed->precision() == DatePrecision::kYear) return date;
  return std::string(MonthName(static_cast<unsigned>(parsed->first_day().month()))) + " " +
         std::to_string(static_cast<int>(parsed->first_day().year()));
}

std::string InfectionWords(const std::vector<std::string>& names) {
  std::vector<std::string> words;
  for (const std::string& name : names) {
    if (name == "HBV")
      words.push_back("hepatitis B");
    else if (name == "HCV")
      words.push_back("hepatitis C");
    else if (name == "TB")
      words.push_back("tuberculosis");
    else
      words.push_back(name);
  }
  return JoinList(words, "or");
}

std::string TherapyWords(const std::vector<std::string>& names) {
  std::vector<std::string> words;
  for (const std::string& name : names) {
    if (name == "stem cell transplant")
      words.push_back("a stem cell transplant");
    else if (name == "organ transplant")
      words.push_back("an organ transplant");
    else
      words.push_back(name);
  }
  return JoinList(words, "or");
}

std::string SexWord(const std::string& sex) {
  if (sex == "FEMALE") return "Women only";
  if (sex == "MALE") return "Men only";
  return "All";
}

std::string AgeRange(const EligibilityModule& eligibility) {
  const EligibilityModule& e = eligibility;
  // A record without eligibility information gives no ages: not "any"
  // (user test of a bare record: "Ages: Any age").
  if (!e.minimum_age && !e.maximum_age)
    return GivesNoEligibility(e) ? "Not given in the record" : "Any age";
  if (!e.maximum_age) return e.minimum_age->text + " and older";
  if (!e.minimum_age) return "Up to " + e.maximum_age->text;
  return e.minimum_age->text + " to " + e.maximum_age->text;
}

}  // namespace trialfinder::plain

namespace trialfinder {

std::string CodeLabel(const std::string& code) {
  return code.empty() ? std::string() : plain::RegistryCodeWords(code).label;
}

}  // namespace trialfinder
