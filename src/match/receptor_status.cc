// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/receptor_status.h"

#include <algorithm>
#include <array>
#include <vector>

#include "text/pattern.h"

namespace trialfinder {
namespace {

enum class Receptor { kEstrogen, kProgesterone, kHer2 };

// The lab names the case reader stores (data/lexicon/lab-markers.tsv) and
// the short names evidence uses.
const char* LabName(Receptor receptor) {
  switch (receptor) {
    case Receptor::kEstrogen:
      return "estrogen receptor";
    case Receptor::kProgesterone:
      return "progesterone receptor";
    case Receptor::kHer2:
      return "HER2";
  }
  return "";
}

const char* ShortName(Receptor receptor) {
  switch (receptor) {
    case Receptor::kEstrogen:
      return "ER";
    case Receptor::kProgesterone:
      return "PR";
    case Receptor::kHer2:
      return "HER2";
  }
  return "";
}

struct Wanted {
  Receptor receptor;
  bool positive;
};

// One status asked for: every part of it must hold ("triple-negative"),
// or any part when `either` ("hormone receptor positive": ER or PR).
struct AskedStatus {
  std::vector<Wanted> parts;
  bool either = false;
  std::size_t begin = 0;  // where the criterion words it
  std::size_t end = 0;
};

std::optional<Receptor> ReceptorNamed(std::string_view name) {
  if (name.starts_with("her")) return Receptor::kHer2;
  if (name.starts_with("er") || name.find("estrogen") != std::string_view::npos)
    return Receptor::kEstrogen;
  if (name.starts_with("pr") || name.starts_with("progesterone")) return Receptor::kProgesterone;
  return std::nullopt;
}

std::vector<AskedStatus> StatusesAsked(const std::string& lower) {
  std::vector<AskedStatus> asked;
  const auto add = [&](std::vector<Wanted> parts, bool either, const PatternMatch& m) {
    asked.push_back({std::move(parts), either, m.position(), m.position() + m.length()});
  };
  static const Pattern kTriple("\\btriple[- ]?negative\\b|\\btnbc\\b");
  for (const PatternMatch& m : kTriple.FindAll(lower)) {
    add({{Receptor::kEstrogen, false}, {Receptor::kProgesterone, false}, {Receptor::kHer2, false}},
        false, m);
  }
  static const Pattern kHormone(
      "\\b(?:hormone[- ]receptors?|hr|er\\s*(?:/|and/or|and|or|,)\\s*pr)\\s*[- ]?\\s*"
      "(positive|negative|\\+|-)(?![a-z0-9])");
  for (const PatternMatch& m : kHormone.FindAll(lower)) {
    const bool positive = m.view(1) == "positive" || m.view(1) == "+";
    // Positive: either receptor; negative: neither.
    add({{Receptor::kEstrogen, positive}, {Receptor::kProgesterone, positive}}, positive, m);
  }
  // "absence of HER2, ER, PR expression", "negative for ER and PR".
  static const Pattern kAbsence(
      "\\b(?:absence|lack|negativ\\w*)\\s+(?:of|for)\\s+((?:(?:her-?2|er|pr|o?estrogen receptor|"
      "progesterone receptor)(?:\\s*[,/]?\\s*(?:(?:and/or|and|or)\\s+)?)){1,3})");
  static const Pattern kListed(
      "her-?2|\\ber\\b|\\bpr\\b|o?estrogen receptor|progesterone receptor");
  for (const PatternMatch& m : kAbsence.FindAll(lower)) {
    std::vector<Wanted> parts;
    for (const PatternMatch& name : kListed.FindAll(m.view(1))) {
      if (std::optional<Receptor> receptor = ReceptorNamed(name.view()))
        parts.push_back({*receptor, false});
    }
    if (!parts.empty()) add(std::move(parts), false, m);
  }
  // One marker and its sign: "HER2-positive", "ER+", "PR negative",
  // "estrogen receptor positive". Not "HER2-directed", "ER visit".
  static const Pattern kSigned(
      "\\b(her-?2(?:/neu)?|er|pr|o?estrogen[- ]receptors?|progesterone[- ]receptors?)"
      "(?:\\s*\\(\\w+\\))?\\s*[- ]?\\s*(positive|negative|\\+|-)(?![a-z0-9])");
  static const Pattern kPositiveFor(
      "\\b(positive|negative)\\s+for\\s+(her-?2|er|pr|o?estrogen receptors?|progesterone "
      "receptors?)\\b");
  for (const PatternMatch& m : kSigned.FindAll(lower)) {
    if (std::optional<Receptor> receptor = ReceptorNamed(m.view(1))) {
      add({{*receptor, m.view(2) == "positive" || m.view(2) == "+"}}, false, m);
    }
  }
  for (const PatternMatch& m : kPositiveFor.FindAll(lower)) {
    if (std::optional<Receptor> receptor = ReceptorNamed(m.view(2)))
      add({{*receptor, m.view(1) == "positive"}}, false, m);
  }
  // Where two readings overlap ("negative for ER" and "ER-"), the longer,
  // earlier one is kept.
  std::sort(asked.begin(), asked.end(), [](const AskedStatus& a, const AskedStatus& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<AskedStatus> kept;
  for (AskedStatus& status : asked) {
    if (!kept.empty() && status.begin < kept.back().end) continue;
    kept.push_back(std::move(status));
  }
  return kept;
}

}  // namespace

std::optional<ReceptorJudgement> JudgeReceptorStatus(const std::string& lower,
                                                     const PatientFacts& facts) {
  std::array<std::optional<bool>, 3> result;  // by Receptor
  std::string given;
  for (Receptor receptor : {Receptor::kEstrogen, Receptor::kProgesterone, Receptor::kHer2}) {
    for (const PatientLab& lab : facts.patient().labs) {
      if (lab.name != LabName(receptor) || !lab.positive) continue;
      result[static_cast<std::size_t>(receptor)] = lab.positive;
      given += std::string(given.empty() ? "" : ", ") + ShortName(receptor) +
               (*lab.positive ? " positive" : " negative");
    }
  }
  if (given.empty()) return std::nullopt;
  std::vector<AskedStatus> asked = StatusesAsked(lower);
  if (asked.empty()) return std::nullopt;
  // "ER-positive and/or PR-positive": hormone receptor positive.
  for (std::size_t i = 0; i + 1 < asked.size(); ++i) {
    AskedStatus& a = asked[i];
    const AskedStatus& b = asked[i + 1];
    if (a.parts.size() == 1 && b.parts.size() == 1 && a.parts[0].positive && b.parts[0].positive &&
        a.parts[0].receptor != b.parts[0].receptor && a.parts[0].receptor != Receptor::kHer2 &&
        b.parts[0].receptor != Receptor::kHer2 && b.begin - a.end < 12) {
      a.parts.push_back(b.parts[0]);
      a.either = true;
      a.end = b.end;
      asked.erase(asked.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
  }
  const auto holds = [&](const AskedStatus& status) -> std::optional<bool> {
    bool unknown = false;
    for (const Wanted& wanted : status.parts) {
      const std::optional<bool> has = result[static_cast<std::size_t>(wanted.receptor)];
      if (!has) {
        unknown = true;
        continue;
      }
      const bool ok = *has == wanted.positive;
      if (status.either && ok) return true;
      if (!status.either && !ok) return false;
    }
    if (unknown) return std::nullopt;
    return !status.either;
  };
  static const Pattern kOr("\\bor\\b");
  const bool any =
      kOr.Search(lower.substr(asked.front().begin, asked.back().end - asked.front().begin));
  // One marker asked both ways, not as alternatives: nothing to decide
  // here.
  for (const AskedStatus& a : asked) {
    for (const AskedStatus& b : asked) {
      for (const Wanted& x : a.parts) {
        for (const Wanted& y : b.parts) {
          if (!any && x.receptor == y.receptor && x.positive != y.positive && !a.either &&
              !b.either) {
            return std::nullopt;
          }
        }
      }
    }
  }
  bool unknown = false;
  std::optional<bool> overall;
  for (const AskedStatus& status : asked) {
    const std::optional<bool> h = holds(status);
    if (!h) {
      unknown = true;
    } else if (any && *h) {
      overall = true;
      break;
    } else if (!any && !*h) {
      overall = false;
      break;
    }
  }
  if (!overall && !unknown) overall = !any;
  // The "or" between statuses is theirs: blanked with them.
  std::string rest = lower;
  for (const AskedStatus& status : asked)
    std::fill(rest.begin() + static_cast<std::ptrdiff_t>(status.begin),
              rest.begin() + static_cast<std::ptrdiff_t>(status.end), ' ');
  if (any) {
    std::fill(rest.begin() + static_cast<std::ptrdiff_t>(asked.front().begin),
              rest.begin() + static_cast<std::ptrdiff_t>(asked.back().end), ' ');
  }
  std::string asked_words;
  for (const AskedStatus& status : asked) {
    asked_words += (asked_words.empty() ? ""
                    : any               ? " or "
                                        : " and ") +
                   lower.substr(status.begin, status.end - status.begin);
  }
  if (!overall) {
    return ReceptorJudgement{{Truth::kUnknown,
                              "record: " + given + "; the criterion asks for " + asked_words +
                                  ", and a result it needs is not in the record",
                              std::nullopt},
                             rest};
  }
  return ReceptorJudgement{
      {*overall ? Truth::kTrue : Truth::kFalse,
       "record: " + given + (*overall ? "; as the criterion asks (" : "; the criterion asks for ") +
           asked_words + (*overall ? ")" : ""),
       std::nullopt},
      rest};
}

}  // namespace trialfinder
