// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Patterns over normalised criterion text (see text_normalizer.h: lower case,
// ">=" for "≥", "x" for "×"). Each reader adds the constraints it finds.

#include "trialfinder/criteria.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "text/ascii_case.h"
#include "text/concepts.h"
#include "text/drugs.h"
#include "text/durations.h"
#include "text/labs.h"
#include "text/negation.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "text/scores.h"
#include "text/words.h"

namespace trialfinder {
namespace {

// The negated forms first: "no greater than" is at most (user test: read
// as "greater than", creatinine 0.4 failed "no greater than 1.5 mg/dL").
const char* const kComparator =
    "(<=|>=|=<|=>|<|>|=|no greater than|not greater than|no higher than|not higher than|"
    "not exceeding|not to exceed|no less than|not less than|no lower than|not lower than|"
    "less than or equal to|greater than or equal to|less than|greater than|more than|"
    "at least|no more than|not more than|below|above|exceeding|under|over|up to|"
    "a minimum of|a maximum of)";
const char* const kNumber = "(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)";

Comparator Symbol(const std::string& words) {
  using enum Comparator;
  static const std::map<std::string, Comparator> kSymbols = {
      {"<=", kLessOrEqual},
      {"=<", kLessOrEqual},
      {">=", kGreaterOrEqual},
      {"=>", kGreaterOrEqual},
      {"<", kLess},
      {">", kGreater},
      {"=", kEqual},
      {"less than or equal to", kLessOrEqual},
      {"greater than or equal to", kGreaterOrEqual},
      {"less than", kLess},
      {"greater than", kGreater},
      {"more than", kGreater},
      {"at least", kGreaterOrEqual},
      {"no more than", kLessOrEqual},
      {"not more than", kLessOrEqual},
      {"no less than", kGreaterOrEqual},
      {"not less than", kGreaterOrEqual},
      {"no lower than", kGreaterOrEqual},
      {"not lower than", kGreaterOrEqual},
      {"no greater than", kLessOrEqual},
      {"not greater than", kLessOrEqual},
      {"no higher than", kLessOrEqual},
      {"not higher than", kLessOrEqual},
      {"not exceeding", kLessOrEqual},
      {"not to exceed", kLessOrEqual},
      {"below", kLess},
      {"above", kGreater},
      {"exceeding", kGreater},
      {"under", kLess},
      {"over", kGreater},
      {"up to", kLessOrEqual},
      {"a minimum of", kGreaterOrEqual},
      {"a maximum of", kLessOrEqual}};
  auto found = kSymbols.find(words);
  return found == kSymbols.end() ? kEqual : found->second;
}

double Number(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), ','), text.end());
  return std::atof(text.c_str());
}

std::string Plural(std::string unit) { return unit.back() == 's' ? unit : unit + "s"; }

// A negation cue shortly before `position`, in the same clause.
bool NegatedBefore(const std::string& text, std::size_t position) {
  return NegationCues::Builtin().NegatedBefore(text, position);
}

Constraint Make(ConstraintType type, std::string name, std::string evidence) {
  Constraint constraint;
  constraint.type = type;
  constraint.name = std::move(name);
  constraint.evidence = std::move(evidence);
  return constraint;
}

// ---------------------------------------------------------------------------

// How many of `unit` ("months", "week", "days") make a year.
double PerYear(const std::string& unit) {
  return unit[0] == 'm' ? 12.0 : unit[0] == 'w' ? 52.0 : 365.0;
}

// An age bound or span read from a text, and where in it: `age` is empty
// for one no person has ("age 150").
struct FoundAge {
  std::optional<Constraint> age;
  std::size_t begin = 0;  // offsets of the words it was read from
  std::size_t end = 0;
};

// The first age bound or span of `text`, by the order of the patterns
// below; nullopt when there is none.
std::optional<FoundAge> ReadFirstAge(std::string_view text) {
  // Two bounds, each may carry a unit and a comparator: "from 2 years to
  // 70 years", ">= 0.5 year old and <= 18 years old", "between >=13 to <=
  // 65 years", ">= 22 and <=75 years of age". Read only after an age word,
  // with comparators, or before "old"/"of age": "1-2 years" alone may be a
  // disease's duration.
  static const std::string kTwoBounds =
      "(>=|>)?\\s*(\\d+(?:\\.\\d+)?)\\s*(?:years?|yrs?)?\\s*(?:old\\s*|of age\\s*)?(?:and|to|-)"
      "\\s*(<=|<)?\\s*(\\d+(?:\\.\\d+)?)\\s*(?:years?|yrs?)";
  static const Pattern kAgedBounds(
      "\\b(?:age[ds]?|between|from)\\s*(?:of\\s*|from\\s*|between\\s*)?" + kTwoBounds + "\\b");
  static const Pattern kComparedBounds(
      "(>=|>)\\s*(\\d+(?:\\.\\d+)?)\\s*(?:years?|yrs?)?\\s*(?:old\\s*|of age\\s*)?(?:and|to|-)"
      "\\s*(<=|<)\\s*(\\d+(?:\\.\\d+)?)\\s*(?:years?|yrs?)\\b");
  static const Pattern kOldBounds(kTwoBounds + "\\s*(?:old|of age)\\b");
  // "from birth to < 18 years"
  static const Pattern kFromBirth(
      "\\bfrom birth (?:to|until|up to)\\s*(<=|<)?\\s*(\\d+)\\s*(?:years?|yrs?)");
  // "Age 18 and over", "age of 18 years or greater", "18 years and beyond"
  static const Pattern kAgeAndOver(
      "\\bage[ds]?\\s*(?:of\\s*)?(\\d+)\\s*(?:years?|yrs?)?\\s*(?:of "
      "age\\s*|old\\s*)?(?:or|and)\\s*"
      "(older|over|above|greater|beyond|more|higher|up)\\b");
  static const Pattern kRange(
      "\\bage[ds]?\\s*(?:of\\s*)?(>=|>)\\s*(\\d+)\\s*(?:years?)?\\s*(?:and|to|-)\\s*(<=|<)\\s*(\\d+"
      ")\\s*(?:years|yrs)");
  static const Pattern kBetween(
      "\\b(?:age[ds]?|between)\\s*(?:between\\s*|from\\s*)?(\\d+)\\s*(?:-|to|and)\\s*(\\d+)\\s*(?:"
      "years|yrs)");
  // "Age 18-65", "age between 18 and 65", "aged 21 to 65": right after the
  // word age a span is in years unless another unit follows.
  static const Pattern kAgeSpan(
      "\\bage[ds]?\\s*:?\\s*(?:between\\s*|from\\s*)?(\\d+)\\s*(?:-|to|and)\\s*(\\d+)\\b"
      "(?!\\s*(?:months?|weeks?|days?|mo\\b|[.,]\\d))");
  static const Pattern kSpan("\\b(\\d+)\\s*(?:-|to)\\s*(\\d+)\\s*years?\\s*(?:of age|old)");
  static const Pattern kBound(
      "\\bage[ds]?\\s*(?:must be\\s*|is\\s*|of\\s*)?(>=|>|<=|<|at least|over|under|older "
      "than|younger than|above|below|greater than (?:to )?or equal(?: to)?|greater than|more than|"
      "less than (?:to )?or equal(?: to)?|less than)"
      "\\s*(\\d+)\\s*(months?|weeks?|days?)?");
  static const Pattern kTrailing(
      "\\b(\\d+)\\s*(?:years?|yrs)\\s*(?:of "
      "age\\s*|old\\s*)?(?:or|and)\\s*(older|over|above|greater|beyond|up|younger|under|below)\\b");
  // "above 18 years of age", "over 18 months of age", "under 65 years old".
  static const Pattern kLeading(
      "(>=|>|at least|over|above|older than|greater than|more than)\\s*(\\d+)\\s*(years?|yrs|"
      "months?)\\s*(?:of age|old)");
  static const Pattern kLeadingUpper(
      "(<=|<|under|below|younger than|less than)\\s*(\\d+)\\s*(years?|yrs|months?)\\s*(?:of "
      "age|old)");
  // A criterion that is an age span alone: "18 to 79 years inclusive".
  static const Pattern kSpanAlone(
      "^\\W*(\\d+)\\s*(?:-|to)\\s*(\\d+)\\s*years?\\s*(?:\\(?inclusive\\)?)?\\W*$");
  // "Age 6 months to less than 13 years", "children 6 months to 17 years
  // old", "aged 2 months to 5 years": a lower bound in months, weeks or
  // days and an upper one in years, after an age word or before "old".
  static const Pattern kMixedSpan(
      "(\\bage[ds]?\\s*(?:of\\s*|from\\s*|between\\s*)?)?(\\d+(?:\\.\\d+)?)\\s*(months?|weeks?|"
      "days?)\\s*(?:old\\s*|of age\\s*)?(?:to|-|and|through)\\s*(less than|under|younger "
      "than|<=|<)?\\s*(\\d+(?:\\.\\d+)?)\\s*(?:years?|yrs?)(\\s*(?:of age|old))?");
  // "Patients >= 18 yrs", "Adults (>= 18 years)": a comparator and years
  // right after the people the criterion is about (not "disease duration
  // >= 2 years").
  static const Pattern kPersonCompared(
      "\\b(?:patients?|adults?|subjects?|participants?|men|women|males?|females?|persons?|"
      "people|individuals?|volunteers?|children|adolescents?)\\s*\\(?\\s*(>=|>|<=|<)\\s*"
      "(\\d+)\\s*(?:years?|yrs?)\\b");
  // "Patients must be > 18": a bare number the people must be.
  static const Pattern kPersonMustBe(
      "\\b(?:patients?|participants?|subjects?|volunteers?)\\s+(?:must|should)\\s+be\\s*"
      "(>=|>|<=|<)\\s*(\\d{1,3})\\b(?!\\s*(?:%|kg|cm|mg|g/|mmol|ml|mm|points?|months?|weeks?|days?|"
      "hours?|[.,]\\d))");
  // A criterion that starts with adults and gives no number: "Adult
  // patients", "Male or female adults". Not "adult-onset".
  static const Pattern kAdults(
      "^\\W*(?:(?:males?|females?|men|women)\\s+(?:or|and)\\s+(?:males?|females?|men|women)\\s+)?"
      "adults?\\b(?![- ]onset)(?!\\s+t[- ]cell)(?![^\\d]*\\d)");
  std::optional<PatternMatch> match;
  Constraint age = Make(ConstraintType::kAge, "age", "");
  age.unit = "years";
  if ((match = kMixedSpan.Find(text)) && (match->matched(1) || match->matched(6))) {
    age.comparator = Comparator::kRange;
    age.value = Number(match->str(2)) / PerYear(match->str(3));
    const double high = Number(match->str(5));
    const std::string below = match->str(4);
    // Whole years, as below: "less than 13 years" is 12 or less.
    const bool strict =
        below == "<" || below == "less than" || below == "under" || below == "younger than";
    age.upper_value = high - (strict && high == std::floor(high) ? 1 : 0);
  } else if ((match = kRange.Find(text)) || (match = kComparedBounds.Find(text)) ||
             (match = kAgedBounds.Find(text)) || (match = kOldBounds.Find(text))) {
    age.comparator = Comparator::kRange;
    const double low = Number(match->str(2));
    const double high = Number(match->str(4));
    // Whole years: "> 18" is 19 or more, "< 65" 64 or less.
    const bool whole = low == std::floor(low) && high == std::floor(high);
    age.value = low + (whole && match->str(1) == ">" ? 1 : 0);
    age.upper_value = high - (whole && match->str(3) == "<" ? 1 : 0);
  } else if ((match = kFromBirth.Find(text))) {
    age.comparator = match->str(1) == "<" ? Comparator::kLess : Comparator::kLessOrEqual;
    age.value = Number(match->str(2));
  } else if ((match = kAgeAndOver.Find(text))) {
    age.comparator = Comparator::kGreaterOrEqual;
    age.value = Number(match->str(1));
  } else if ((match = kBetween.Find(text)) || (match = kSpan.Find(text)) ||
             (match = kAgeSpan.Find(text)) || (match = kSpanAlone.Find(text))) {
    age.comparator = Comparator::kRange;
    age.value = Number(match->str(1));
    age.upper_value = Number(match->str(2));
  } else if ((match = kBound.Find(text))) {
    const std::string words = match->str(1);
    age.comparator =
        words == "older than" || words == "over" || words == "above" || words == "greater than" ||
                words == "more than"
            ? Comparator::kGreater
        : words == "younger than" || words == "under" || words == "below" || words == "less than"
            ? Comparator::kLess
        : words.starts_with("greater than") && words.find("equal") != std::string::npos
            ? Comparator::kGreaterOrEqual
        : words.starts_with("less than") && words.find("equal") != std::string::npos
            ? Comparator::kLessOrEqual
            : Symbol(words);
    age.value = Number(match->str(2));
    // "aged under 18 months": the bound in years.
    if (match->matched(3)) *age.value /= PerYear(match->str(3));
  } else if ((match = kTrailing.Find(text))) {
    const std::string direction = match->str(2);
    age.comparator = direction == "older" || direction == "over" || direction == "above" ||
                             direction == "greater" || direction == "beyond" || direction == "up"
                         ? Comparator::kGreaterOrEqual
                         : Comparator::kLessOrEqual;
    age.value = Number(match->str(1));
  } else if ((match = kLeading.Find(text)) || (match = kLeadingUpper.Find(text))) {
    const std::string words = match->str(1);
    age.comparator = words == "older than"     ? Comparator::kGreater
                     : words == "younger than" ? Comparator::kLess
                                               : Symbol(words);
    age.value = Number(match->str(2));
    // "over 18 months of age": the bound in years.
    if (match->str(3).starts_with("month")) *age.value /= 12;
  } else if ((match = kPersonCompared.Find(text)) || (match = kPersonMustBe.Find(text))) {
    age.comparator = Symbol(match->str(1));
    age.value = Number(match->str(2));
  } else if ((match = kAdults.Find(text))) {
    // "Adult patients": 18 or older, the age of majority in most places.
    age.comparator = Comparator::kGreaterOrEqual;
    age.value = 18;
  } else {
    return std::nullopt;
  }
  FoundAge found{std::nullopt, match->position(), match->position() + match->length()};
  if (*age.value > 120 || (age.upper_value && *age.upper_value > 120)) return found;
  age.evidence = match->str(0);
  found.age = std::move(age);
  return found;
}

// Every age of `written`, each its own constraint: "Candidates aged 19-70
// years ...; pediatric patients aged 1-7 years ...; aged 8-18 years" are
// three ages, any of which an inclusion accepts (user test: an 8-year-old
// failed on the first). At most four.
void ReadAge(const std::string& written, std::vector<Constraint>& out) {
  // "> = 1 years": the comparator as one symbol.
  static const Pattern kSpacedGreater(">\\s+=");
  static const Pattern kSpacedLess("<\\s+=");
  std::string text = kSpacedLess.ReplaceAll(kSpacedGreater.ReplaceAll(written, ">="), "<=");
  // "Male or female = 18 years of age and < 60 years": a lone "=" before
  // an age is a "≥" the registry's text lost; no criterion asks for one
  // exact age in years.
  static const Pattern kLostGreater("(?<![<>=!])=\\s*(?=\\d{1,3}\\s*(?:years?|yrs?)\\b)");
  text = kLostGreater.ReplaceAll(text, ">= ");
  // Another person's age ("a haploidentical donor aged between 18 and
  // 50", "parents aged 18 or older") is not the patient's.
  static const Pattern kOtherPerson(
      "\\b(?:donors?|parents?|partners?|caregivers?|carers?|siblings?|mothers?|fathers?|"
      "spouses?|guardians?|relatives?)\\b(?:\\s+\\w+){0,2}\\s*$");
  constexpr int kMostAges = 4;
  std::size_t from = 0;
  for (int i = 0; i < kMostAges && from < text.size(); ++i) {
    const std::optional<FoundAge> found = ReadFirstAge(std::string_view(text).substr(from));
    if (!found || found->end == 0) break;
    const std::size_t at = from + found->begin;
    const std::size_t window = std::min<std::size_t>(at, 60);
    if (found->age && !kOtherPerson.Search(std::string_view(text).substr(at - window, window)))
      out.push_back(*found->age);
    from += found->end;
  }
}

void ReadSexAndPregnancy(const std::string& text, std::vector<Constraint>& out) {
  static const Pattern kSexOnly(
      "^\\s*(?:must "
      "be\\s*|be\\s*)?(female|male|women|men)(?:\\s*(?:patients|participants|subjects))?(?:\\s*"
      "only)?\\s*[.;]?\\s*$");
  static const Pattern kOnly(
      "\\b(female|male|women|men)\\s+(?:patients\\s+|participants\\s+|subjects\\s+)?only\\b");
  // "Post-menopausal, defined as ...": a woman, with or without the word.
  // "Post-menopausal, defined as ...", "postmenopausal women": a woman. Not
  // a definition that mentions it ("A woman is considered of childbearing
  // potential unless post-menopausal"): that says nothing of a man.
  static const Pattern kPostmenopausal(
      "^\\W*(?:\\w+\\s+){0,2}?post-?menopausal\\b|\\bpost-?menopausal (?:women|females)\\b");
  // "All subjects will be girls", "participants must be women".
  static const Pattern kMustBe(
      "\\b(?:must|will|should|shall)\\s+be\\s+(females?|women|girls|males?|men|boys)\\b"
      "(?!\\s*(?:and|or|/|&)\\s)");
  // Not a partner's ("male participants with pregnant partners").
  static const Pattern kPregnant(
      "\\bpregnan(?:t|cy)\\b(?!\\s*test)(?!\\s+(?:sexual\\s+)?partners?\\b)"
      // "pregnancy precautions", "pregnancy prevention program": rules to
      // follow, not a pregnancy (second user test: met by a pregnant woman).
      "(?!\\s+(?:precautions?|prevention|counsel\\w*|programs?|avoidance|risk management)\\b)");
  static const Pattern kBreastfeeding(
      "\\b(breast[- ]?feeding|lactating|lactation|nursing mothers?|nursing women)\\b");
  static const Pattern kContraception("\\b(contracepti\\w*|birth control)\\b");
  // "Male and female", "Both men and women": open to all sexes.
  static const Pattern kBothSexes(
      "^\\W*(?:both\\s+)?(?:(?:males?|men)\\s*(?:and|or|&|/)\\s*(?:females?|women)|"
      "(?:females?|women)\\s*(?:and|or|&|/)\\s*(?:males?|men))"
      "(?:\\s*(?:patients|participants|subjects|volunteers))?\\s*[.;]?\\s*$");
  std::optional<PatternMatch> match;
  if ((match = kBothSexes.Find(text))) {
    Constraint sex = Make(ConstraintType::kSex, "ALL", match->str(0));
    sex.comparator = Comparator::kEqual;
    out.push_back(sex);
  } else if ((match = kSexOnly.Find(text)) || (match = kOnly.Find(text))) {
    const std::string word = match->str(1);
    Constraint sex = Make(ConstraintType::kSex,
                          word == "female" || word == "women" ? "FEMALE" : "MALE", match->str(0));
    sex.comparator = Comparator::kEqual;
    out.push_back(sex);
  } else if ((match = kMustBe.Find(text))) {
    const std::string word = match->str(1);
    Constraint sex =
        Make(ConstraintType::kSex,
             word[0] == 'f' || word[0] == 'w' || word[0] == 'g' ? "FEMALE" : "MALE", match->str(0));
    sex.comparator = Comparator::kEqual;
    out.push_back(sex);
  } else if ((match = kPostmenopausal.Find(text))) {
    out.push_back(Make(ConstraintType::kSex, "FEMALE", match->str(0)));
  }
  // A pregnancy test's result is a pregnancy: "positive pregnancy test"
  // is being pregnant, "negative serum pregnancy test" is not (user test: a
  // pregnant woman was "not mentioned" for "Positive pregnancy test").
  static const Pattern kPregnancyTest(
      "\\b(positive|negative)\\s+(?:(?:serum|urine|urinary|blood|beta-?hcg)\\s+)*pregnancy\\s+"
      "tests?\\b|\\bpregnancy\\s+tests?\\s+(?:(?:that|which)\\s+)?(?:is|was|are|were)?\\s*"
      "(positive|negative)\\b");
  if ((match = kPregnant.Find(text))) {
    Constraint pregnancy = Make(ConstraintType::kPregnancy, "pregnant", match->str(0));
    pregnancy.negated = NegatedBefore(text, match->position());
    out.push_back(pregnancy);
  } else if ((match = kPregnancyTest.Find(text))) {
    Constraint pregnancy = Make(ConstraintType::kPregnancy, "pregnant", match->str(0));
    pregnancy.negated = (match->matched(1) ? match->str(1) : match->str(2)) == "negative";
    out.push_back(pregnancy);
  }
  if ((match = kBreastfeeding.Find(text))) {
    Constraint feeding = Make(ConstraintType::kBreastfeeding, "breastfeeding", match->str(0));
    feeding.negated = NegatedBefore(text, match->position());
    out.push_back(feeding);
  }
  if ((match = kContraception.Find(text)))
    out.push_back(Make(ConstraintType::kContraception, "contraception", match->str(0)));
}

// `lab`'s value in its test's usual unit, where CanonicalLabValue knows it.
void SetCanonicalValue(Constraint& lab) {
  if (auto canonical = CanonicalLabValue(lab.name, *lab.value, lab.unit)) {
    lab.canonical_value = canonical->value;
    lab.canonical_unit = canonical->unit;
  }
}

void ReadLabs(const std::string& text, std::vector<Constraint>& out) {
  // Not a time ("3 serum PSA levels performed >= 2 weeks apart").
  static const Pattern kLab("\\b(" + LabNamePattern() + ")\\b[^0-9<>=;]{0,40}?" + kComparator +
                            "\\s*" + kNumber + "(?!\\s*(?:weeks?|days?|months?|years?|hours?)\\b)" +
                            "\\s*(x|times)?\\s*(" + LabUnitPattern() + ")?");
  // A dose, not a lab value: "mycophenolate sodium <= 1,440 mg/day".
  static const Pattern kDose(
      "^\\s*(?:mg|g|mcg|ug|iu|units?)?\\s*(?:/\\s*day|daily|per day|/d\\b|"
      "twice|weekly|/\\s*week|once)");
  for (const PatternMatch& match : kLab.FindAll(text)) {
    if (kDose.Search(std::string_view(text).substr(match.position() + match.length(), 30)))
      continue;
    Constraint lab = Make(ConstraintType::kLab, CanonicalLabName(match.str(1)), match.str(0));
    lab.comparator = Symbol(match.str(2));
    lab.value = Number(match.str(3));
    lab.unit = NormalizeLabUnit(match.str(5), match.matched(4));
    if (lab.unit == "x") continue;  // a bare multiplier without its unit: not understood
    // A second bound of the same test the other way ("BMI >15 and < 30
    // kg/m2") makes a range, both ends inclusive (user test: BMI 32 met the
    // first bound alone).
    static const Pattern kSecond(std::string("^\\s*(?:and|,|but)\\s*") + kComparator + "\\s*" +
                                 kNumber + "\\s*(x|times)?\\s*(" + LabUnitPattern() + ")?");
    const std::string after = text.substr(match.position() + match.length());
    if (std::optional<PatternMatch> second = kSecond.Find(after)) {
      const auto above = [](Comparator c) {
        return c == Comparator::kGreater || c == Comparator::kGreaterOrEqual;
      };
      const auto below = [](Comparator c) {
        return c == Comparator::kLess || c == Comparator::kLessOrEqual;
      };
      const Comparator other = Symbol(second->str(1));
      const std::string unit = second->matched(4) || second->matched(3)
                                   ? NormalizeLabUnit(second->str(4), second->matched(3))
                                   : lab.unit;
      if (((above(lab.comparator) && below(other)) || (below(lab.comparator) && above(other))) &&
          (lab.unit.empty() || unit == lab.unit)) {
        const double low = above(lab.comparator) ? *lab.value : Number(second->str(2));
        const double high = above(lab.comparator) ? Number(second->str(2)) : *lab.value;
        if (low <= high) {
          lab.comparator = Comparator::kRange;
          lab.value = low;
          lab.upper_value = high;
          lab.unit = unit;
          lab.evidence = match.str(0) + second->str(0);
        }
      }
    }
    SetCanonicalValue(lab);
    out.push_back(lab);
  }
  // Without a comparator sign: "HbA1c of 8.0% or higher", "HbA1c 7.0-10.0
  // percent (53-86 mmol/mol)" (user test: neither was read). A span needs
  // its unit ("HbA1c measured 2-3 times" is none).
  static const std::string kLabName = "\\b(" + LabNamePattern() + ")\\b[^0-9<>=;]{0,25}?";
  static const std::string kUnit = "\\s*(" + LabUnitPattern() + ")";
  static const Pattern kOrMore(kLabName + "(?:of\\s+)?" + kNumber + "(?:" + kUnit +
                               ")?\\s*or\\s+(higher|greater|more|above|over|lower|less|below|under)"
                               "\\b");
  // The unit may follow each number: "HbA1c 7.0% to 10.9%" (physician
  // user test: unread).
  // Without a unit, only for a test with one unit in use ("eGFR between
  // 15-60", "BMI 23.0-39.9"), and not a count ("2-3 times").
  static const Pattern kSpan(kLabName + "(?:of\\s+|between\\s+|from\\s+)?" + kNumber +
                             "(?:\\s*%)?\\s*(?:-|to|and)\\s*" + kNumber + "(?:" + kUnit +
                             "|(?![\\d.]|\\s*(?:x\\b|times|days?|weeks?|months?|years?|hours?|"
                             "visits?|[a-z]+/)))");
  const auto read = [&](Constraint lab, const std::string& unit) {
    const bool known = std::any_of(out.begin(), out.end(), [&](const Constraint& c) {
      return c.type == ConstraintType::kLab && c.name == lab.name;
    });
    if (known) return;
    lab.unit = NormalizeLabUnit(unit, false);
    SetCanonicalValue(lab);
    out.push_back(lab);
  };
  for (const PatternMatch& match : kOrMore.FindAll(text)) {
    Constraint lab = Make(ConstraintType::kLab, CanonicalLabName(match.str(1)), match.str(0));
    const std::string direction = match.str(4);
    lab.comparator =
        direction == "lower" || direction == "less" || direction == "below" || direction == "under"
            ? Comparator::kLessOrEqual
            : Comparator::kGreaterOrEqual;
    lab.value = Number(match.str(2));
    read(lab, match.str(3));
  }
  for (const PatternMatch& match : kSpan.FindAll(text)) {
    Constraint lab = Make(ConstraintType::kLab, CanonicalLabName(match.str(1)), match.str(0));
    lab.comparator = Comparator::kRange;
    lab.value = Number(match.str(2));
    lab.upper_value = Number(match.str(3));
    if (*lab.upper_value < *lab.value) continue;
    std::string unit = match.str(4);
    if (!match.matched(4)) {
      const std::optional<std::string> low = UnitOfAValueWithout(lab.name, *lab.value);
      if (!low || low != UnitOfAValueWithout(lab.name, *lab.upper_value)) continue;
      unit = *low;
    }
    read(lab, unit);
  }
}

void ReadScores(const std::string& text, std::vector<Constraint>& out) {
  static const std::string kScoreNames = "(" + ScoreNamePattern() + ")";
  // Between the name and the number, words and bracketed abbreviations
  // ("ECOG) performance status (PS) <= 2", user test: unread); a list of
  // values is the span from the first to the last ("0, 1 or 2").
  static const std::string kGap = "[^0-9<>=;]{0,40}?";
  static const Pattern kCompared("\\b" + kScoreNames + kGap + kComparator + "\\s*" + kNumber +
                                 "(?:\\s*(?:and|,)\\s*" + kComparator + "\\s*" + kNumber + ")?");
  static const Pattern kSpan("\\b" + kScoreNames + kGap + "(?:of\\s*)?" + kNumber +
                             "(?:\\s*,\\s*\\d+)*\\s*,?\\s*(?:-|to|or|/)\\s*" + kNumber);
  std::optional<PatternMatch> match;
  auto name = [](const std::string& written) { return CanonicalScoreName(written); };
  for (const PatternMatch& m : kCompared.FindAll(text)) {
    Constraint score = Make(ConstraintType::kScore, name(m.str(1)), m.str(0));
    if (m.matched(4)) {
      score.comparator = Comparator::kRange;
      score.value = Number(m.str(3));
      score.upper_value = Number(m.str(5));
      const Comparator first = Symbol(m.str(2));
      if (first == Comparator::kLess || first == Comparator::kLessOrEqual) {
        std::swap(score.value, score.upper_value);
      }
    } else {
      score.comparator = Symbol(m.str(2));
      score.value = Number(m.str(3));
      // "ECOG=0-1", "ECOG = 0 or 1": a span, not the first number alone.
      static const Pattern kSpanAfter("^\\s*(?:-|to|or)\\s*(\\d+(?:\\.\\d+)?)");
      if (score.comparator == Comparator::kEqual) {
        const std::string_view after = std::string_view(text).substr(m.position() + m.length());
        if (std::optional<PatternMatch> upper = kSpanAfter.Find(after)) {
          const double high = Number(upper->str(1));
          if (high >= *score.value) {
            score.comparator = Comparator::kRange;
            score.upper_value = high;
          }
        }
      }
    }
    out.push_back(score);
  }
  // Without a comparator sign: "MMSE score of 24 or less" (physician user
  // test: unread, so the exclusion was assumed not to apply at MMSE 22).
  static const Pattern kOrMore("\\b" + kScoreNames + kGap + "(?:of\\s*)?" + kNumber +
                               "\\s*(?:points?\\s*)?or\\s+(higher|greater|more|above|over|"
                               "lower|less|fewer|below|under)\\b");
  if (out.empty() || out.back().type != ConstraintType::kScore) {
    if ((match = kOrMore.Find(text))) {
      Constraint score = Make(ConstraintType::kScore, name(match->str(1)), match->str(0));
      const std::string direction = match->str(3);
      score.comparator = direction == "lower" || direction == "less" || direction == "fewer" ||
                                 direction == "below" || direction == "under"
                             ? Comparator::kLessOrEqual
                             : Comparator::kGreaterOrEqual;
      score.value = Number(match->str(2));
      out.push_back(score);
    }
  }
  if (out.empty() || out.back().type != ConstraintType::kScore) {
    if ((match = kSpan.Find(text))) {
      Constraint score = Make(ConstraintType::kScore, name(match->str(1)), match->str(0));
      score.comparator = Comparator::kRange;
      score.value = Number(match->str(2));
      score.upper_value = Number(match->str(3));
      if (*score.upper_value >= *score.value) out.push_back(score);
    }
  }
  // One value alone: "NYHA class IV heart failure" (physician user test:
  // NYHA 2 was excluded by it).
  static const Pattern kOne(
      "(?:([<>]=?)\\s*)?\\b(nyha|new york heart "
      "association)\\b[^0-9<>=;]{0,20}?(\\d)\\b(?!\\s*(?:-|to|or|and|,|/|\\.\\d))");
  if (out.empty() || out.back().type != ConstraintType::kScore) {
    if ((match = kOne.Find(text))) {
      // "CHF > NYHA class II": the sign before the name.
      Constraint score = Make(ConstraintType::kScore, name(match->str(2)), match->str(0));
      score.comparator = match->matched(1) ? Symbol(match->str(1)) : Comparator::kEqual;
      score.value = Number(match->str(3));
      out.push_back(score);
    }
  }
}

void ReadTimes(const std::string& text, std::vector<Constraint>& out) {
  static const Pattern kWithin(
      "\\b(?:within|in)\\s+(?:the\\s+)?(?:last|past|previous|prior|preceding)?\\s*(\\d+|one|two|"
      "three|four|five|six|"
      "twelve)?\\s*(day|week|month|year)s?\\b(?:\\s+(?:prior "
      "to|before|of|preceding|after)\\s+(?:the\\s+)?(?:start of\\s+)?"
      "(screening|enrollment|enrolment|randomi[sz]ation|study entry|first dose|baseline|day "
      "1|study drug|"
      "treatment|signing|consent))?");
  static const Pattern kBefore(
      "\\b(\\d+)\\s*(day|week|month|year)s?\\s+(?:prior to|before)\\s+(?:the\\s+)?"
      "(screening|enrollment|enrolment|randomi[sz]ation|study entry|first dose|baseline|"
      "day 1|study drug|treatment)");
  static const Pattern kDuration(
      "\\b(?:disease duration|duration of (?:disease|diabetes|symptoms|illness|the "
      "disease)|diagnosed (?:for|at least|"
      "more than|less than)|history of \\w+ (?:for|of) (?:at least|more than))[^.;0-9<>=]{0,30}?(" +
      std::string(kComparator).substr(1, std::string(kComparator).size() - 2) + "|within)?\\s*" +
      kNumber + "\\s*(day|week|month|year)s?");
  std::optional<PatternMatch> match;
  for (const PatternMatch& m : kWithin.FindAll(text)) {
    const std::string_view whole = m.view();
    // "in 3 months" without last/past/prior is not a window; "within" always
    // is; so is "in the previous 2 years".
    static const Pattern kBack("\\b(?:last|past|previous|prior|preceding)\\b");
    if (whole.rfind("in ", 0) == 0 && !kBack.Search(whole)) continue;
    Constraint window = Make(ConstraintType::kTimeWindow, "", m.str());
    window.comparator = Comparator::kLessOrEqual;
    window.value = NumberInWords(m.str(1)).value_or(1);
    window.unit = Plural(m.str(2));
    window.anchor = m.str(3);
    out.push_back(window);
  }
  for (const PatternMatch& m : kBefore.FindAll(text)) {
    if (!out.empty() && out.back().type == ConstraintType::kTimeWindow &&
        out.back().evidence.find(m.view()) != std::string::npos) {
      continue;
    }
    Constraint window = Make(ConstraintType::kTimeWindow, "", m.str());
    // "At least 24 weeks prior to screening": a least time since, not a
    // window up to now (second user test: a biopsy 3 months ago met
    // "diagnosis of SLE at least 24 weeks prior").
    static const Pattern kAtLeast(
        "\\b(?:at least|more than|over|greater than|a minimum of|no less than|not less than)\\s*$|"
        ">=?\\s*$");
    const std::size_t from = m.position() >= 24 ? m.position() - 24 : 0;
    const bool least = kAtLeast.Search(text.substr(from, m.position() - from));
    window.comparator = least ? Comparator::kGreaterOrEqual : Comparator::kLessOrEqual;
    window.value = Number(m.str(1));
    window.unit = Plural(m.str(2));
    window.anchor = m.str(3);
    out.push_back(window);
  }
  if ((match = kDuration.Find(text))) {
    Constraint duration = Make(ConstraintType::kDiseaseDuration, "", match->str(0));
    duration.comparator = !match->matched(1)          ? Comparator::kGreaterOrEqual
                          : match->str(1) == "within" ? Comparator::kLessOrEqual
                                                      : Symbol(match->str(1));
    duration.value = Number(match->str(2));
    duration.unit = Plural(match->str(3));
    out.push_back(duration);
  }
}

void ReadPriorTherapy(const std::string& text, const std::vector<std::string>& drugs,
                      std::vector<Constraint>& out) {
  static const Pattern kTrigger(
      "\\b(refractory|inadequate response|insufficient response|intoleran\\w*|failed|failure "
      "of|relapse after|progress(?:ed|ion|ing)? (?:on|after|following|despite)|"
      "resistant to|previously treated|prior treatment|prior therapy|received|treatment "
      "with|standard therapy|"
      "conventional therapy|(?:treatment[- ])?na(?:i|\xc3\xaf)ve)\\b");
  static const Pattern kCount(
      "(?:at least|>=|a minimum of)\\s*(\\d+|one|two|three|four)\\s*(?:of the "
      "following|prior|lines?|"
      "immuno\\w*|\\w+ (?:treatments|agents|drugs|therapies|regimens))");
  static const Pattern kDuration(
      "\\b(?:for|used for|administered for|duration of|each for)\\s*(?:at least|a minimum "
      "of|>=|>)?\\s*(\\d+)\\s*"
      "(week|month|year)s?");
  std::optional<PatternMatch> match;
  if (!(match = kTrigger.Find(text))) return;
  Constraint therapy = Make(ConstraintType::kPriorTherapy, match->str(1), match->str(0));
  // "Patients who have never received rituximab", "no prior therapy with
  // belimumab": an absence asked for (the match flips the verdict).
  // "Tyrosine kinase inhibitor (TKI) treatment naive" asks for none too
  // (user test: unknown after osimertinib).
  static const Pattern kNaive("na(?:i|\xc3\xaf)ve$");
  therapy.negated = NegatedBefore(text, match->position()) != kNaive.Search(match->str(1));
  if ((match = kCount.Find(text))) {
    therapy.minimum_count = static_cast<int>(NumberInWords(match->str(1)).value_or(1));
    therapy.evidence += "; " + match->str(0);
  }
  therapy.items = drugs;
  if (match) {
    // What the count is of: the classes and listed drugs named after it, to
    // the end of its sentence.
    std::string_view after = std::string_view(text).substr(match->position());
    after = after.substr(0, std::min(after.find(". "), std::size_t{300}));
    therapy.counted = DrugTable::Builtin().ClassesIn(after);
    for (const std::string& item : therapy.items) {
      if (DrugTable::Builtin().Members(item).empty() &&  // a class: read above
          after.find(AsciiLowercase(item)) != std::string_view::npos &&
          std::find(therapy.counted.begin(), therapy.counted.end(), item) == therapy.counted.end())
        therapy.counted.push_back(item);
    }
  }
  if (std::optional<PatternMatch> duration = kDuration.Find(text)) {
    therapy.comparator = Comparator::kGreaterOrEqual;
    therapy.value = Number(duration->str(1));
    therapy.unit = Plural(duration->str(2));
  }
  if (!therapy.items.empty() || therapy.minimum_count) out.push_back(therapy);
}

// Named mentions: each pattern that matches adds one constraint of `type`
// with the pattern's name, negated when a negation precedes it.
struct NamedPattern {
  const char* pattern;
  const char* name;
};
using NamedPatterns = std::vector<std::pair<Pattern, std::string>>;

NamedPatterns Compile(const std::vector<NamedPattern>& patterns) {
  NamedPatterns compiled;
  for (const auto& [pattern, name] : patterns) compiled.emplace_back(Pattern(pattern), name);
  return compiled;
}

void ReadNamedMentions(const std::string& text, const NamedPatterns& patterns, ConstraintType type,
                       std::vector<Constraint>& out) {
  std::optional<PatternMatch> match;
  for (const auto& [pattern, name] : patterns) {
    if ((match = pattern.Find(text))) {
      Constraint mention = Make(type, name, match->str(0));
      mention.negated =
          NegatedBefore(text, match->position()) ||
          (type == ConstraintType::kInfection &&
           NegationCues::Builtin().NegatedAfter(text, match->position() + match->length()));
      out.push_back(mention);
    }
  }
}

void ReadInfections(const std::string& text, std::vector<Constraint>& out) {
  static const NamedPatterns kInfections = Compile({
      {"\\bhiv\\b|human immunodeficiency virus", "HIV"},
      {"hepatitis b\\b|\\bhbv\\b|hbsag|hepatitis b surface|hepatitis b or c", "HBV"},
      {"hepatitis c\\b|\\bhcv\\b|hepatitis b or c", "HCV"},
      {"tubercul|\\btb\\b|\\bigra\\b|quantiferon", "TB"},
      {"syphilis|treponema", "syphilis"},
      {"covid|sars-cov-2", "COVID-19"},
      {"(active|uncontrolled|severe|serious|systemic)\\s+(?:\\w+\\s+){0,2}infections?",
       "active infection"},
  });
  ReadNamedMentions(text, kInfections, ConstraintType::kInfection, out);
}

void ReadCellGeneTherapy(const std::string& text, std::vector<Constraint>& out) {
  static const NamedPatterns kTherapies = Compile({
      {"\\bcar-?t\\b|\\bcar t\\b|chimeric antigen receptor", "CAR-T"},
      {"\\bcell(?:ular)? therap", "cell therapy"},
      {"\\bgene therap", "gene therapy"},
      {"t-cell engager", "T-cell engager"},
      {"stem cell transplant|\\bhsct\\b|hematopoietic stem cell|haematopoietic stem cell|bone "
       "marrow transplant",
       "stem cell transplant"},
      // "solid organ/limb transplantation", "kidney, liver or heart
      // transplant" (user test: a kidney recipient was "not mentioned").
      {"\\borgan(?:\\s*/\\s*\\w+)? transplant|\\b(?:kidney|renal|liver|hepatic|heart|cardiac|lung|"
       "pancreas|intestin\\w*)(?:\\s*(?:,|or|and|/)\\s*(?:kidney|renal|liver|hepatic|heart|cardiac|"
       "lung|pancreas))*\\s+transplant",
       "organ transplant"},
  });
  ReadNamedMentions(text, kTherapies, ConstraintType::kCellGeneTherapy, out);
}

// Whether a condition name is an infection ReadInfections reads.
bool IsInfectionName(const std::string& name) {
  static const Pattern kInfectionWords(
      "hiv|hepatitis|tubercul|immunodeficiency virus|\\bhbv\\b|\\bhcv\\b|^tb$");
  return kInfectionWords.Search(name);
}

// Abbreviations the concept table knows in capitals ("Diagnosed with
// SLE", "active RA"), which the lexicon, taking no one-word name under four
// letters, does not read (user test: "Diagnosed with SLE" was read as
// nothing). `text` is the normalised criterion, `named` the original with
// ReadConditions' rewrites; `seen` holds the condition names read so far
// and gains these.
void ReadAbbreviatedConditions(const std::string& text, const std::string& named,
                               bool has_infection, std::vector<std::string>& seen,
                               std::vector<Constraint>& out) {
  // Only words of two capitals or more ("SLE", "PsA") are looked up, one
  // by one: matching the whole criterion against the concept table cost a
  // third of a match at 600k studies.
  static const Pattern kCapitalWord("\\b[A-Z][A-Za-z0-9]{0,5}\\b");
  const ConceptTable& concepts = ConceptTable::Builtin();
  // A modifier, not the disease: "SSc-related pulmonary hypertension",
  // "SSc-ILD", "drug-induced SLE", "non-standard anti-SLE therapies".
  static const Pattern kModifier("(?:\\b(?:induced|like|non|anti|associated|related)[- ]?|-)$|^-");
  std::vector<std::size_t> groups_seen;
  for (const PatternMatch& token : kCapitalWord.FindAll(named)) {
    if (seen.size() >= 8) break;
    const std::string written = token.str();
    if (std::count_if(written.begin(), written.end(),
                      [](unsigned char c) { return std::isupper(c) != 0; }) < 2)
      continue;
    // A lab's name in capitals is the lab ("PSA" is no "PsA").
    static const Pattern kLabName("^(?:" + LabNamePattern() + ")$");
    const bool all_capitals = std::none_of(written.begin(), written.end(),
                                           [](unsigned char c) { return std::islower(c) != 0; });
    if (all_capitals && kLabName.Search(AsciiLowercase(written))) continue;
    const std::vector<Word> words = SplitWords(written);
    const std::vector<ConceptTable::Match> matches = concepts.FindMatches(words, written);
    if (matches.size() != 1 || !concepts.IsWrittenAbbreviation(matches.front(), words)) continue;
    const std::size_t from = token.position() >= 12 ? token.position() - 12 : 0;
    const std::string before = named.substr(from, token.position() - from);
    const std::string after = named.substr(token.position() + token.length(), 1);
    if (kModifier.Search(AsciiLowercase(before)) || after == "-") continue;
    const std::string name = words.front().raw;
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    const std::size_t group = matches.front().group;
    if (std::find(groups_seen.begin(), groups_seen.end(), group) != groups_seen.end()) continue;
    // Beside its full name ("systemic lupus erythematosus (SLE)"): once.
    const bool named_in_full = std::any_of(seen.begin(), seen.end(), [&](const std::string& n) {
      const std::vector<ConceptTable::Match> full = concepts.FindMatches(SplitWords(n), n);
      return std::any_of(full.begin(), full.end(),
                         [&](const ConceptTable::Match& g) { return g.group == group; });
    });
    if (named_in_full) continue;
    if (has_infection && IsInfectionName(name)) continue;
    seen.push_back(name);
    groups_seen.push_back(group);
    // Where it is written in the normalised text, as a whole word.
    std::size_t at = text.find(name);
    const auto letter = [&](std::size_t i) {
      return i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])) != 0;
    };
    while (at != std::string::npos && ((at > 0 && letter(at - 1)) || letter(at + name.size())))
      at = text.find(name, at + 1);
    Constraint condition = Make(ConstraintType::kCondition, name, name);
    condition.negated = at != std::string::npos && NegatedBefore(text, at);
    out.push_back(condition);
  }
}

void ReadConditions(const std::string& text, const std::string& original,
                    const CriteriaLexicon& lexicon, std::vector<Constraint>& out) {
  const bool has_infection = std::any_of(out.begin(), out.end(), [](const Constraint& c) {
    return c.type == ConstraintType::kInfection;
  });
  // Names of equations and scores are no conditions: "Modification of
  // Diet in Renal Disease (MDRD) equation" asks for no renal disease
  // (user test: "I don't have kidney disease" failed an eGFR inclusion).
  static const Pattern kEquation("modif\\w*\\s+(?:of\\s+)?diet\\s+in\\s+renal\\s+disease",
                                 PatternCase::kInsensitive);
  std::string named = kEquation.ReplaceAll(original, "MDRD");
  // Nor is an institution's name: "National Cancer Institute (NCI) CTCAE
  // grade >= 2" grades an event, it names no cancer (user test: read as a
  // cancer for a cancer survivor).
  static const Pattern kInstitute("\\bnational\\s+cancer\\s+institute\\b",
                                  PatternCase::kInsensitive);
  named = kInstitute.ReplaceAll(named, "NCI");
  // "Anti-cancer agents", "anti-tumor therapy" name treatments, not the
  // disease (user test: applied to every cancer patient).
  static const Pattern kAnti("\\banti[- ](?=[a-z])", PatternCase::kInsensitive);
  named = kAnti.ReplaceAll(named, "anti");
  // An implant named for the disease it treats is a device: "intracranial
  // aneurysm clip" in a list of metal implants asks for no aneurysm (user
  // test: "Yes" to aneurysm applied an MRI-safety exclusion).
  static const Pattern kImplant("\\baneurysm\\s+(?=clips?\\b|coils?\\b)",
                                PatternCase::kInsensitive);
  named = kImplant.ReplaceAll(named, "");
  // "Type 1 or type 2 diabetes" names both (user test: a type 1 patient
  // was "not mentioned").
  static const Pattern kBothTypes(
      "\\btype\\s*(1|2|i|ii)\\s*(?:or|and|and/or|/)\\s*(?:type\\s*)?(1|2|i|ii)\\s+diabetes",
      PatternCase::kInsensitive);
  if (std::optional<PatternMatch> both = kBothTypes.Find(named)) {
    named.replace(both->position(), both->length(),
                  "type " + both->str(1) + " diabetes or type " + both->str(2) + " diabetes");
  }
  std::vector<std::string> seen;
  for (const auto& [name, word_index] : lexicon.FindConditions(named)) {
    if (seen.size() >= 8) break;
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    if (has_infection && IsInfectionName(name)) continue;     // read as an infection already
    if (name == "pregnancy" || name == "pregnant") continue;  // a pregnancy constraint covers it
    seen.push_back(name);
    // Find the mention in the normalised text to look for a negation before it.
    // The whole name first: "adequate cardiac function (no cardiac
    // disease)" is negated where "cardiac disease" is, not at "cardiac".
    const std::size_t first_space = name.find(' ');
    std::size_t at = text.find(name);
    if (at == std::string::npos) at = text.find(name.substr(0, first_space));
    Constraint condition = Make(ConstraintType::kCondition, name, name);
    condition.negated = at != std::string::npos && NegatedBefore(text, at);
    out.push_back(condition);
  }
  // Not in text written all in capitals, where "ALL" and "AS" are words.
  const auto letters = std::count_if(original.begin(), original.end(),
                                     [](unsigned char c) { return std::isalpha(c) != 0; });
  const auto capitals = std::count_if(original.begin(), original.end(),
                                      [](unsigned char c) { return std::isupper(c) != 0; });
  if (capitals * 2 < letters) ReadAbbreviatedConditions(text, named, has_infection, seen, out);
  // The most specific name speaks: "type 2 diabetes" makes the "diabetes"
  // inside it no condition of its own (a type 1 patient would meet it).
  const auto first = std::find_if(out.begin(), out.end(), [](const Constraint& c) {
    return c.type == ConstraintType::kCondition;
  });
  std::vector<std::string> names;
  for (auto it = first; it != out.end(); ++it) names.push_back(" " + it->name + " ");
  out.erase(std::remove_if(first, out.end(),
                           [&](const Constraint& c) {
                             if (c.type != ConstraintType::kCondition) return false;
                             const std::string own = " " + c.name + " ";
                             return std::any_of(
                                 names.begin(), names.end(), [&](const std::string& n) {
                                   return n.size() > own.size() && n.find(own) != std::string::npos;
                                 });
                           }),
            out.end());
}

}  // namespace

std::vector<Constraint> ExtractConstraints(std::string_view text, const CriteriaLexicon& lexicon) {
  std::vector<Constraint> constraints;
  // Longer than any criterion a person writes (the longest in the sample
  // is about 2,000 characters): kept as text, not read.
  if (text.size() > kMaxCriterionBytes) return constraints;
  const std::string normalized = NormalizeForMatching(text);
  ReadAge(normalized, constraints);
  ReadSexAndPregnancy(normalized, constraints);
  ReadLabs(normalized, constraints);
  ReadScores(WithArabicClasses(normalized), constraints);
  ReadTimes(normalized, constraints);
  ReadPriorTherapy(normalized, lexicon.FindDrugs(text), constraints);
  ReadInfections(normalized, constraints);
  ReadCellGeneTherapy(normalized, constraints);
  ReadConditions(normalized, std::string(text), lexicon, constraints);
  return constraints;
}

}  // namespace trialfinder
