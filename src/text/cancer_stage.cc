// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/cancer_stage.h"

#include <algorithm>
#include <cctype>

#include "text/ascii_case.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

// One stage group as written in lower-case text, longest first: "iv"
// before "i", an optional sub-stage letter, and a cervical-style digit
// ("ia1") that is read as its group.
constexpr const char* kItem = "(?:iv|i{1,3}|[0-4])[a-d]?[12]?(?![a-z0-9])";

// Words of stages that are not a cancer's: kidney disease, hypertension,
// heart failure, pressure injuries, fibrosis, puberty, Parkinson's.
bool OtherKindOfStage(std::string_view lower_text) {
  static const Pattern kOther(
      "\\b(?:kidney|renal|ckd|hypertensi\\w*|heart failure|nyha|ulcers?|fibrosis|cirrho\\w*|"
      "copd|gold|lymph[oa]?edema|sleep|parkinson\\w*|hoehn|tanner|pubert\\w*|endometriosis|"
      "retinopathy|glaucoma|lyme|pressure injur\\w*|decubitus|fontaine|rutherford|"
      "periodont\\w*|keratoconus|osteonecrosis|dementia|alzheimer\\w*|hiv|sarcoidosis|labou?r|"
      "hurley|hidradenitis|wound|burns?|acne|alcohol|sepsis|shock|pfirrmann|modic|kellgren|"
      "ficat|braak|who (?:\\w+ )?(?:clinical )?stage|disc|intervertebral)\\b");
  return kOther.Search(lower_text);
}

// "stage 1 dose escalation", "stage 2 of the study": a study's stage.
bool StudyStage(std::string_view after_phrase) {
  static const Pattern kStudy(
      "^\\W{0,3}(?:\\(?\\s*)?(?:dose|escalation|expansion|cohort|portion|part|of the (?:study|"
      "trial)|only|participants|subjects|patients|enrol\\w*|randomi\\w*)");
  return kStudy.Search(after_phrase.substr(0, 40));
}

int NumberOf(std::string_view item) {
  if (item.rfind("iv", 0) == 0) return 4;
  if (item.rfind("iii", 0) == 0) return 3;
  if (item.rfind("ii", 0) == 0) return 2;
  if (item[0] == 'i') return 1;
  return item[0] - '0';
}

// "iiib" -> {3, 'B'}; "4" -> {4, 0}.
StageGroup ItemGroup(std::string_view item) {
  StageGroup group;
  group.number = NumberOf(item);
  std::size_t i = 0;
  while (i < item.size() &&
         (item[i] == 'i' || item[i] == 'v' || std::isdigit(static_cast<unsigned char>(item[i])))) {
    if (std::isdigit(static_cast<unsigned char>(item[i])) && i > 0) break;
    ++i;
  }
  if (i < item.size() && item[i] >= 'a' && item[i] <= 'd') {
    group.letter = static_cast<char>(item[i] - 'a' + 'A');
  }
  return group;
}

// <0, 0, >0 as `patient` is below, at or above `bound`; nullopt when the
// bound names a letter and the patient's group has none.
std::optional<int> Compare(int number, char letter, const StageGroup& bound) {
  if (number != bound.number) return number < bound.number ? -1 : 1;
  if (bound.letter == 0) return 0;
  if (letter == 0) return std::nullopt;
  return letter < bound.letter ? -1 : letter > bound.letter ? 1 : 0;
}

StageFit InRange(int number, char letter, const std::pair<StageGroup, StageGroup>& range) {
  const std::optional<int> low = Compare(number, letter, range.first);
  const std::optional<int> high = Compare(number, letter, range.second);
  if ((low && *low < 0) || (high && *high > 0)) return StageFit::kNo;
  if (low && high) return StageFit::kYes;
  return StageFit::kUnsure;
}

// The words around a phrase that offer another way in: "stage iv or
// recurrent", "relapsed or stage iv".
bool HasAlternative(std::string_view before, std::string_view after) {
  static const Pattern kAfter("^\\W{0,3}(?:disease\\s+|cancer\\s+)?(?:or|and/or)\\b");
  static const Pattern kBefore("\\b(?:or|and/or|either)\\W{0,3}$");
  // "... (not amenable to surgery) or iv": another stage offered that was
  // not read as one.
  static const Pattern kAnotherStage(
      "^[^.;]{0,120}?\\bor\\s+(?:\\w+\\s+){0,2}(?:iv|i{1,3}|[0-4])[a-d]?\\b");
  return kAfter.Search(after.substr(0, 30)) || kAnotherStage.Search(after) ||
         kBefore.Search(before.substr(before.size() > 30 ? before.size() - 30 : 0));
}

// About a cancer other than the one staged: "history of stage iii
// melanoma", "other malignancy except stage i cervical cancer".
bool AboutAnotherCancer(std::string_view before) {
  static const Pattern kOther(
      "\\b(?:prior|previous|history|other|another|second|secondary|additional|except|"
      "excluding|concurrent|synchronous|past)\\b");
  return kOther.Search(before);
}

}  // namespace

std::string StageGroup::ToString() const {
  static const char* const kRoman[] = {"0", "I", "II", "III", "IV"};
  std::string out = kRoman[std::clamp(number, 0, 4)];
  if (letter) out += letter;
  return out;
}

std::optional<StageGroup> ParseStageGroup(std::string_view text) {
  const std::string lower = AsciiLowercase(std::string(text));
  // A bare group ("iiib", "3c", "ciiia"), or one after "stage".
  static const Pattern kBare(std::string("^\\s*[cpy]{0,2}(") + kItem + ")\\s*$");
  static const Pattern kAfterStage(std::string("\\bstage\\s*(") + kItem + ")");
  if (std::optional<PatternMatch> bare = kBare.Find(lower)) return ItemGroup(bare->view(1));
  const std::vector<PatternMatch> found = kAfterStage.FindAll(lower);
  if (found.size() != 1) return std::nullopt;
  return ItemGroup(found[0].view(1));
}

std::optional<TnmCategories> ParseTnm(std::string_view text) {
  const std::string lower = AsciiLowercase(std::string(text));
  static const Pattern kT("(?:^|[^a-z])(?:y?[cpr])?t(is|[0-4x][a-d]?)(?![a-z0-9])");
  static const Pattern kN("(?:^|[^a-z])(?:y?[cpr])?n([0-3x][a-c]?)(?![a-z0-9])");
  static const Pattern kM("(?:^|[^a-z])(?:y?[cpr])?m([01x][a-d]?)(?![a-z0-9])");
  // Run together ("t2n1m0") as well as apart ("ct3 cn1 cm0").
  static const Pattern kJoined(
      "(?:^|[^a-z])(?:y?[cpr])?t(is|[0-4x][a-d]?)(?:y?[cpr])?n([0-3x][a-c]?)"
      "(?:y?[cpr])?m([01x][a-d]?)(?![a-z0-9])");
  TnmCategories out;
  auto upper = [](char prefix, std::string_view value) {
    std::string category(1, prefix);
    for (char c : value) {
      category += c == 'x' || c == 'i' || c == 's' ? static_cast<char>(std::toupper(c)) : c;
    }
    return category;
  };
  if (std::optional<PatternMatch> joined = kJoined.Find(lower)) {
    return TnmCategories{upper('T', joined->view(1)), upper('N', joined->view(2)),
                         upper('M', joined->view(3))};
  }
  if (std::optional<PatternMatch> t = kT.Find(lower)) out.t = upper('T', t->view(1));
  if (std::optional<PatternMatch> n = kN.Find(lower)) out.n = upper('N', n->view(1));
  if (std::optional<PatternMatch> m = kM.Find(lower)) out.m = upper('M', m->view(1));
  if (out.t.empty() && out.n.empty() && out.m.empty()) return std::nullopt;
  return out;
}

bool NamesACancer(std::string_view lower_text) {
  static const Pattern kCancer(
      "\\b(?:cancers?|carcinoma\\w*|adenocarcinoma|tumou?rs?|neoplasms?|malignan\\w*|melanoma|"
      "lymphoma|sarcoma|myeloma|leuka?emia|glioma|glioblastoma|\\w+blastoma|seminoma|thymoma|"
      "mesothelioma|nsclc|sclc|hcc|rcc|crc)\\b");
  return kCancer.Search(lower_text);
}

bool StageConflicts(const std::string& group, const std::string& m_category) {
  const std::optional<StageGroup> parsed = ParseStageGroup(group);
  return parsed && parsed->number < 4 && m_category.rfind("M1", 0) == 0;
}

StageKnown KnownStage(const std::string& group, const std::string& m_category) {
  StageKnown known;
  if (StageConflicts(group, m_category)) return known;
  if (std::optional<StageGroup> parsed = ParseStageGroup(group)) {
    known.numbers = {parsed->number};
    known.letter = parsed->letter;
  } else if (m_category.rfind("M1", 0) == 0) {
    known.numbers = {4};
  } else if (m_category == "M0") {
    known.numbers = {0, 1, 2, 3};
  }
  return known;
}

std::optional<StageAsked> ReadStageAsked(std::string_view lower_text) {
  if (OtherKindOfStage(lower_text)) return std::nullopt;
  // "iiib/c" and "iiib, c" are "iiib/iiic": the group is written once.
  static const Pattern kLetterRun(
      "(?:\\b|(?<=stage))(iv|i{1,3}|[0-4])([a-d])((?:\\s*(?:/|,|or|and|-)\\s*[a-d](?![a-z0-9]))+)");
  std::string text(lower_text.substr(0, std::min(lower_text.size(), kMaxPatternTextBytes)));
  for (std::optional<PatternMatch> run = kLetterRun.Find(text); run;
       run = kLetterRun.Find(text, run->position() + 1)) {
    const std::string group = run->str(1);
    const std::string_view tail = run->view(3);
    std::string written = group + run->str(2);
    for (std::size_t i = 0; i < tail.size(); ++i) {
      const bool alone =
          std::isalpha(static_cast<unsigned char>(tail[i])) &&
          (i == 0 || !std::isalpha(static_cast<unsigned char>(tail[i - 1]))) &&
          (i + 1 == tail.size() || !std::isalnum(static_cast<unsigned char>(tail[i + 1])));
      // "or" and "and" are words, not letters; a lone a-d is a sub-stage.
      written += alone && tail[i] <= 'd' ? group + tail[i] : std::string(1, tail[i]);
    }
    text.replace(run->position(), run->length(), written);
  }
  const std::string item = kItem;
  // "iiib (not amenable to surgery) or iv": an aside between two groups.
  const std::string separator =
      "\\s*(?:\\([^()]{0,100}\\)\\s*)?(?:,|/|-|&|\\bor\\b|\\band\\b|\\bto\\b|\\bthrough\\b)\\s*";
  static const Pattern kList(
      "\\b(?:(at least|>=|>|<=|<|greater than or equal to)\\s*)?stages?\\s*(?:(>=|<=|>|<|"
      "greater than or equal to|at least|of at least)\\s*)?(" +
      item + "(?:" + separator + "(?:stages?\\s*)?" + item +
      ")*)(\\s*(?:or (?:higher|greater|above|more|worse|beyond|later)|and (?:above|higher)|"
      "or (?:lower|less|below|earlier)|and below|\\+))?");
  static const Pattern kItems(item);
  static const Pattern kRangeWord("^\\s*(?:-|to|through)\\s*$");
  static const Pattern kMetastatic(
      "\\b(?:(non-?|no (?:evidence of |known )?|without (?:evidence of )?)|(locally advanced|"
      "advanced|unresectable|inoperable|recurrent|relapsed)(?:\\s*(?:,|or|and/or|and)\\s*)+)?"
      "metastatic\\b");
  static const Pattern kUpward("or [hgamw]|beyond|later|and [ah]|\\+");
  static const Pattern kDownward("or l|below|earlier");
  StageAsked asked;
  bool can_fail = true;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // the phrases read
  for (const PatternMatch& list : kList.FindAll(text)) {
    const std::size_t end = list.position() + list.length();
    if (StudyStage(std::string_view(text).substr(end))) return std::nullopt;
    const std::string comparator = list.matched(1)   ? list.str(1)
                                   : list.matched(2) ? list.str(2)
                                                     : "";
    const std::string trailing = list.matched(4) ? list.str(4) : "";
    const std::string_view items = list.view(3);
    const std::vector<PatternMatch> groups = kItems.FindAll(items);
    std::vector<std::pair<StageGroup, StageGroup>> ranges;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const StageGroup group = ItemGroup(groups[i].view());
      const std::size_t gap_start =
          groups[i > 0 ? i - 1 : 0].position() + groups[i > 0 ? i - 1 : 0].length();
      const bool range_from_previous =
          i > 0 && kRangeWord.Search(items.substr(gap_start, groups[i].position() - gap_start));
      if (range_from_previous) {
        ranges.back().second = group;
      } else {
        ranges.push_back({group, group});
      }
    }
    const bool at_least = comparator == ">=" || comparator == "at least" ||
                          comparator == "of at least" || comparator == "greater than or equal to" ||
                          kUpward.Search(trailing);
    const bool at_most = comparator == "<=" || kDownward.Search(trailing);
    if (ranges.size() == 1 && (at_least || comparator == ">")) {
      StageGroup low = ranges[0].first;
      if (comparator == ">") low = {low.number + 1, 0};
      if (low.number > 4) return std::nullopt;
      ranges[0] = {low, {4, 0}};
    } else if (ranges.size() == 1 && (at_most || comparator == "<")) {
      StageGroup high = ranges[0].second;
      if (comparator == "<") high = {high.number - 1, 0};
      if (high.number < 0) return std::nullopt;
      ranges[0] = {{0, 0}, high};
    }
    asked.ranges.insert(asked.ranges.end(), ranges.begin(), ranges.end());
    spans.emplace_back(list.position(), end);
  }
  for (const PatternMatch& metastatic : kMetastatic.FindAll(text)) {
    if (metastatic.matched(1)) {
      asked.ranges.push_back({{0, 0}, {3, 0}});
    } else {
      // Stage IV meets it; a lower stage at diagnosis may have spread
      // since, or be the locally advanced disease also asked for.
      asked.ranges.push_back({{4, 0}, {4, 0}});
      can_fail = false;
    }
    spans.emplace_back(metastatic.position(), metastatic.position() + metastatic.length());
  }
  if (spans.empty()) return std::nullopt;
  std::sort(spans.begin(), spans.end());
  const std::string_view all(text);
  const std::string_view before = all.substr(0, spans.front().first);
  if (AboutAnotherCancer(before)) return std::nullopt;
  if (HasAlternative(before, all.substr(spans.back().second))) can_fail = false;
  // "patients with stage iii nsclc who are not suitable for surgery": a rule
  // for the patients of that stage, which says nothing of others.
  static const Pattern kRelative("^[^.;]{0,60}?\\b(?:who|whose|that|which|if)\\b");
  asked.conditional = kRelative.Search(all.substr(spans.back().second));
  asked.has_alternative = !can_fail;
  std::size_t at = 0;
  for (const auto& [begin, end] : spans) {
    if (begin < at) continue;  // overlapping phrases
    asked.rest += std::string(all.substr(at, begin - at)) + " ";
    asked.phrase +=
        (asked.phrase.empty() ? "" : "; ") + std::string(all.substr(begin, end - begin));
    at = end;
  }
  asked.rest += std::string(all.substr(at));
  return asked;
}

StageFit FitStage(const StageAsked& asked, const StageKnown& known) {
  if (known.numbers.empty() || asked.ranges.empty()) return StageFit::kUnsure;
  bool all_yes = true;
  bool all_no = true;
  for (int number : known.numbers) {
    StageFit fit = StageFit::kNo;
    for (const auto& range : asked.ranges) {
      const StageFit in = InRange(number, known.letter, range);
      if (in == StageFit::kYes) fit = StageFit::kYes;
      if (in == StageFit::kUnsure && fit == StageFit::kNo) fit = StageFit::kUnsure;
    }
    all_yes = all_yes && fit == StageFit::kYes;
    all_no = all_no && fit == StageFit::kNo;
  }
  if (all_yes) return StageFit::kYes;
  if (all_no) return asked.has_alternative ? StageFit::kUnsure : StageFit::kNo;
  return StageFit::kUnsure;
}

std::optional<StageInText> FindStageInText(std::string_view lower_text) {
  static const Pattern kStage(std::string("\\bstage\\s*(") + kItem + ")");
  static const Pattern kTnm(
      "(?:^|[^a-z])(?:y?[cpr])?t(?:is|[0-4x][a-d]?)\\s*,?\\s*(?:y?[cpr])?n[0-3x][a-c]?\\s*,?\\s*"
      "(?:y?[cpr])?m[01x][a-d]?(?![a-z0-9])");
  // The sentence around a match, where the cancer it stages is named.
  auto sentence = [&](std::size_t at, std::size_t length) {
    std::size_t start = lower_text.rfind('.', at);
    start = start == std::string_view::npos ? 0 : start + 1;
    std::size_t stop = lower_text.find('.', at + length);
    if (stop == std::string_view::npos) stop = lower_text.size();
    return lower_text.substr(start, stop - start);
  };
  StageInText found;
  // The last stage written stands: a note tells a history in order
  // ("stage IIB in 2019, restaged IVB in 2025").
  for (const PatternMatch& stage : kStage.FindAll(lower_text)) {
    const std::string_view around = sentence(stage.position(), stage.length());
    if (NamesACancer(around) && !OtherKindOfStage(around)) {
      found.group = ItemGroup(stage.view(1)).ToString();
      found.words = stage.str();
    }
  }
  if (std::optional<PatternMatch> tnm = kTnm.Find(lower_text)) {
    if (std::optional<TnmCategories> categories = ParseTnm(tnm->view())) {
      found.tnm = *categories;
      found.words += (found.words.empty() ? "" : "; ") + std::string(tnm->view());
    }
  }
  if (found.group.empty() && found.tnm.m.empty() && found.tnm.t.empty()) return std::nullopt;
  return found;
}

}  // namespace trialfinder
