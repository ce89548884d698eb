// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The structure of eligibility text: sections, cohort blocks, bullets and
// their nesting. Constraints come from constraint_extractor.cc.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "text/concepts.h"
#include "text/eligibility_text.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "trialfinder/criteria.h"

namespace trialfinder {
namespace {

// Section headers as this parser's sections.
std::optional<CriterionSection> SectionHeader(const EligibilityLine& line) {
  const std::optional<EligibilitySection> section = SectionOfHeader(line);
  if (!section) return std::nullopt;
  switch (*section) {
    case EligibilitySection::kInclusion:
      return CriterionSection::kInclusion;
    case EligibilitySection::kExclusion:
      return CriterionSection::kExclusion;
    case EligibilitySection::kUnspecified:
      break;
  }
  return CriterionSection::kUnspecified;
}

// "For Systemic Lupus Erythematosus (SLE):", "Cohort A:", "Part 2 (LN):".
// Also a line without a bullet naming whom it is for, with or without a
// colon ("Diabetes-related for participant with T2D", "Glycaemia-related
// for participant without T2D").
bool IsCohortHeading(const EligibilityLine& line) {
  if (line.text.empty() || line.text.size() > 120) return false;
  static const Pattern kWhom(
      "\\bfor (?:all )?(?:participants?|patients?|subjects?|people|those) (?:with|without)\\b",
      PatternCase::kInsensitive);
  if (line.bullet.empty() && line.text.back() != '.' && kWhom.Search(line.text)) return true;
  if (line.text.back() != ':') return false;
  static const Pattern kHeading("^(for |cohort|part |arm |group |stage |phase \\d)",
                                PatternCase::kInsensitive);
  return kHeading.Search(line.text);
}

std::string CohortName(const std::string& heading) {
  std::string name = heading.back() == ':' ? heading.substr(0, heading.size() - 1) : heading;
  if (name.rfind("For ", 0) == 0 || name.rfind("for ", 0) == 0) name = name.substr(4);
  return name;
}

// The study condition a block mentions most (by concept, so "SSc" names
// "Systemic Sclerosis"); "" when it mentions none.
std::string BlockCohort(const std::string& block, const std::vector<std::string>& conditions) {
  const ConceptTable& concepts = ConceptTable::Builtin();
  const std::vector<Word> block_words = SplitWords(block);
  std::string best;
  std::size_t best_count = 0;
  for (const std::string& condition : conditions) {
    // The condition's own words and every name of its concept group.
    std::vector<ConceptTable::Name> names;
    ConceptTable::Name own;
    for (const Word& word : SplitWords(condition)) own.push_back(word.stemmed);
    if (own.empty()) continue;
    names.push_back(own);
    for (const auto& match : concepts.FindMatches(SplitWords(condition), condition)) {
      for (const auto& name : concepts.Names(match.group)) names.push_back(name);
    }
    std::size_t count = 0;
    for (const auto& name : names) {
      for (std::size_t i = 0; i + name.size() <= block_words.size(); ++i) {
        bool same = true;
        for (std::size_t j = 0; j < name.size() && same; ++j)
          same = block_words[i + j].stemmed == name[j];
        count += same ? 1 : 0;
      }
    }
    if (count > best_count) {
      best_count = count;
      best = condition;
    }
  }
  if (!best.empty()) return best;
  // No name in full: a distinctive word of a condition ("myopathies" for
  // "Idiopathic Inflammatory Myopathy").
  static const std::set<std::string> kCommon = {"diseas",    "disord", "syndrom", "system",
                                                "chronic",   "acut",   "sever",   "primari",
                                                "secondari", "type",   "cancer",  "failur"};
  for (const std::string& condition : conditions) {
    for (const Word& word : SplitWords(condition)) {
      if (word.stemmed.size() < 5 || kCommon.count(word.stemmed) || IsStopword(word.raw)) continue;
      for (const Word& block_word : block_words) {
        if (block_word.stemmed == word.stemmed) return condition;
      }
    }
  }
  return "";
}

class Builder {
 public:
  Builder(const CriteriaLexicon& lexicon, const std::vector<std::string>& conditions)
      : lexicon_(lexicon), conditions_(conditions) {}

  void Feed(const std::vector<EligibilityLine>& lines) {
    std::size_t blank_run = 0;
    for (const EligibilityLine& line : lines) {
      if (line.blank) {
        ++blank_run;
        continue;
      }
      if (std::optional<CriterionSection> section = SectionHeader(line)) {
        CloseBlock();
        section_ = *section;
        heading_cohort_.clear();
        stack_.clear();
        blank_run = 0;
        continue;
      }
      // Two or more blank lines inside a section start a new cohort block.
      if (blank_run >= 2 && !parsed_.criteria.empty()) {
        CloseBlock();
        heading_cohort_.clear();
        stack_.clear();
      }
      const bool paragraph_break = blank_run >= 1;
      blank_run = 0;
      AddLine(line, paragraph_break);
    }
    CloseBlock();
  }

  ParsedCriteria Take() {
    for (Criterion& criterion : parsed_.criteria) {
      if (!criterion.cohort.empty() && std::find(parsed_.cohorts.begin(), parsed_.cohorts.end(),
                                                 criterion.cohort) == parsed_.cohorts.end()) {
        parsed_.cohorts.push_back(criterion.cohort);
      }
      if (!criterion.is_heading) {
        criterion.constraints = ExtractConstraints(criterion.text, lexicon_);
        criterion.drugs = lexicon_.FindDrugs(criterion.text);
      }
    }
    return std::move(parsed_);
  }

 private:
  struct Open {
    std::size_t indent;
    int id;
  };

  void AddLine(const EligibilityLine& line, bool paragraph_break) {
    // A line without a bullet continues the criterion above it, unless a
    // blank line separates them or there is none (criteria without bullets).
    // Wrapped lines are indented past the line they continue or start in
    // lower case; in text without bullets, each line is a criterion.
    const bool continues =
        !stack_.empty() && (line.indent > stack_.back().indent ||
                            std::islower(static_cast<unsigned char>(line.text[0])));
    if (line.bullet.empty() && !paragraph_break && continues && !IsCohortHeading(line)) {
      Criterion& last = parsed_.criteria[stack_.back().id];
      last.text += (last.text.empty() ? "" : " ") + line.text;
      return;
    }
    while (!stack_.empty() && stack_.back().indent >= line.indent) {
      // Numbered items under a heading are often written at the heading's
      // own indent: keep them nested under it.
      const Criterion& open = parsed_.criteria[stack_.back().id];
      const std::string& open_bullet = bullets_[static_cast<std::size_t>(open.id)];
      const bool numbered =
          !line.bullet.empty() && std::isdigit(static_cast<unsigned char>(line.bullet[0]));
      const bool open_numbered =
          !open_bullet.empty() && std::isdigit(static_cast<unsigned char>(open_bullet[0]));
      if (open.is_heading && numbered && !open_numbered) break;
      stack_.pop_back();
    }
    Criterion criterion;
    criterion.id = static_cast<int>(parsed_.criteria.size());
    criterion.parent = stack_.empty() ? -1 : stack_.back().id;
    criterion.level = static_cast<int>(stack_.size());
    criterion.section = section_;
    criterion.text = line.text;
    // "Obesity-related", "Safety-related": a topic heading over the items
    // below it, not a criterion (it excluded every obese patient).
    static const Pattern kTopic("^[A-Za-z][A-Za-z /]{0,40}-related:?$");
    // "The person who meet all the following criteria ...", "Patients must
    // fulfil all of the following": a lead-in to the items, not one.
    static const Pattern kLeadIn(
        "\\b(?:meets?|fulfil+s?|satisf(?:y|ies))\\s+(?:all|any|each|one or more|at least one)\\s+"
        "(?:of\\s+)?the\\s+following\\b",
        PatternCase::kInsensitive);
    if (line.bullet.empty() &&
        (kTopic.Search(line.text) || (line.text.size() < 200 && kLeadIn.Search(line.text)))) {
      criterion.is_heading = true;
      heading_cohort_.clear();
    } else if (IsCohortHeading(line)) {
      criterion.is_heading = true;
      heading_cohort_ = CohortName(line.text);
      heading_level_ = criterion.level;
      heading_bare_ = line.bullet.empty();
    } else if (!heading_cohort_.empty() && criterion.level <= heading_level_ &&
               !(heading_bare_ && !line.bullet.empty() && criterion.level == heading_level_)) {
      // Back at the heading's level: its cohort ended. Bullets at the level
      // of a heading without one are its items ("Diabetes-related for
      // participant with T2D" over "* HbA1c 7.0-10.0 percent").
      heading_cohort_.clear();
    }
    criterion.cohort = heading_cohort_;
    // "For LN: Refractory to ..." names the cohort of one criterion inline.
    static const Pattern kInlineCohort("^[Ff]or ([^:]{1,60}):\\s+\\S");
    std::optional<PatternMatch> inline_cohort;
    if (!criterion.is_heading && criterion.cohort.empty() &&
        (inline_cohort = kInlineCohort.Find(criterion.text))) {
      // Named after the study's condition when the abbreviation is one of them.
      const std::string named = BlockCohort(inline_cohort->str(1), conditions_);
      criterion.cohort = named.empty() ? inline_cohort->str(1) : named;
    }
    bullets_.push_back(line.bullet);
    block_.push_back(criterion.id);
    stack_.push_back({line.indent, criterion.id});
    parsed_.criteria.push_back(std::move(criterion));
  }

  // Names the criteria of a blank-line block after the condition it is
  // about, when the section has several blocks and the block had no heading.
  void CloseBlock() {
    if (block_.empty()) return;
    blocks_in_section_[section_].push_back(block_);
    const auto& blocks = blocks_in_section_[section_];
    if (blocks.size() >= 2) {
      for (const auto& block : blocks) NameBlock(block);
    }
    block_.clear();
  }

  void NameBlock(const std::vector<int>& block) {
    std::string text;
    for (int id : block) text += parsed_.criteria[id].text + "\n";
    const std::string cohort = BlockCohort(text, conditions_);
    for (int id : block) {
      if (parsed_.criteria[id].cohort.empty()) parsed_.criteria[id].cohort = cohort;
    }
  }

  const CriteriaLexicon& lexicon_;
  const std::vector<std::string>& conditions_;
  ParsedCriteria parsed_;
  CriterionSection section_ = CriterionSection::kUnspecified;
  std::vector<Open> stack_;
  std::vector<std::string> bullets_;
  std::string heading_cohort_;
  bool heading_bare_ = false;  // the heading had no bullet
  int heading_level_ = 0;
  std::vector<int> block_;
  std::map<CriterionSection, std::vector<std::vector<int>>> blocks_in_section_;
};

}  // namespace

const char* SectionName(CriterionSection section) {
  switch (section) {
    case CriterionSection::kInclusion:
      return "inclusion";
    case CriterionSection::kExclusion:
      return "exclusion";
    case CriterionSection::kUnspecified:
      return "unspecified";
  }
  return "unspecified";
}

ParsedCriteria EligibilityParser::Parse(std::string_view text,
                                        const std::vector<std::string>& conditions) const {
  // Absurdly long text is cut: no registry record comes near this.
  const std::vector<EligibilityLine> lines = ReadEligibilityLines(text.substr(0, 200000));
  Builder builder(lexicon_, conditions);
  builder.Feed(lines);
  return builder.Take();
}

ParsedCriteria EligibilityParser::Parse(const Study& study) const {
  return Parse(study.protocol.eligibility.eligibility_criteria,
               study.protocol.conditions.conditions);
}

ParsedCriteria ParseStudyCriteria(const Study& study, const CriteriaLexicon& registry) {
  CriteriaLexicon lexicon = CriteriaLexicon::Over(registry);
  lexicon.AddStudy(study);
  return EligibilityParser(lexicon).Parse(study);
}

const char* ToString(ConstraintType type) {
  switch (type) {
    case ConstraintType::kAge:
      return "age";
    case ConstraintType::kSex:
      return "sex";
    case ConstraintType::kPregnancy:
      return "pregnancy";
    case ConstraintType::kBreastfeeding:
      return "breastfeeding";
    case ConstraintType::kContraception:
      return "contraception";
    case ConstraintType::kLab:
      return "lab";
    case ConstraintType::kScore:
      return "score";
    case ConstraintType::kTimeWindow:
      return "time_window";
    case ConstraintType::kDiseaseDuration:
      return "disease_duration";
    case ConstraintType::kPriorTherapy:
      return "prior_therapy";
    case ConstraintType::kCondition:
      return "condition";
    case ConstraintType::kInfection:
      return "infection";
    case ConstraintType::kCellGeneTherapy:
      return "cell_gene_therapy";
  }
  return "?";
}

const char* ToString(Comparator comparator) {
  switch (comparator) {
    case Comparator::kNone:
      return "";
    case Comparator::kLess:
      return "<";
    case Comparator::kLessOrEqual:
      return "<=";
    case Comparator::kEqual:
      return "=";
    case Comparator::kGreaterOrEqual:
      return ">=";
    case Comparator::kGreater:
      return ">";
    case Comparator::kRange:
      return "range";
  }
  return "?";
}

std::string Constraint::Summary() const {
  std::ostringstream out;
  out << ToString(type);
  if (!name.empty() && name != ToString(type)) out << " " << name;
  if (negated) out << " (negated)";
  auto number = [](double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  };
  if (comparator == Comparator::kRange && value && upper_value) {
    out << " " << number(*value) << "-" << number(*upper_value);
  } else if (value) {
    out << " " << ToString(comparator) << " " << number(*value);
  }
  if (!unit.empty() && value) out << " " << unit;
  if (minimum_count) out << " at least " << *minimum_count;
  if (!items.empty()) {
    out << " of [";
    for (std::size_t i = 0; i < items.size(); ++i) out << (i ? ", " : "") << items[i];
    out << "]";
  }
  if (!counted.empty()) {
    out << " counting [";
    for (std::size_t i = 0; i < counted.size(); ++i) out << (i ? ", " : "") << counted[i];
    out << "]";
  }
  if (!anchor.empty()) out << " before " << anchor;
  return out.str();
}

}  // namespace trialfinder
