// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/whom_about.h"

#include <cstdlib>
#include <set>
#include <string>

#include "text/ascii_case.h"
#include "text/pattern.h"

namespace trialfinder {

// A caregiver may say so first ("I'm caring for my mom, ..."); what they
// say of themselves before the relation does not count.
std::optional<double> ReadWhomItIsAbout(std::string_view text, Patient& patient) {
  static const Pattern kRelative(
      "^\\s*(?:(?:i'?m|i am|we are|we're)\\s+(?:caring for|looking (?:for trials )?for|searching "
      "for|"
      "asking (?:about|for)|here for|writing for|writing about)\\s+)?"
      "(?:my|our)\\s+(?:(?:\\d{1,2}[- ](?:years?|yrs?|months?|weeks?)[- ]old|little|teenage|"
      "young|baby|infant|toddler|adult|elderly|older|old|dear)\\s+)*"
      "(son|daughter|child|kid|baby|boy|girl|toddler|infant|teenager|teen|stepson|stepdaughter|"
      "father|dad|mother|mom|mum|husband|wife|partner|spouse|brother|sister|grandmother|"
      "grandfather|grandma|grandpa|parent)\\b",
      PatternCase::kInsensitive);
  const std::optional<PatternMatch> relative = kRelative.Find(text);
  if (!relative) return std::nullopt;
  const std::string relation = AsciiLowercase(relative->str(1));
  static const std::set<std::string> kChildren = {
      "son",     "daughter", "child",    "kid",  "baby",    "boy",         "girl",
      "toddler", "infant",   "teenager", "teen", "stepson", "stepdaughter"};
  if (kChildren.count(relation) == 0) {
    static const Pattern kFirstPerson("\\b(?:i|i'm|im|i've|ive|me|myself)\\b",
                                      PatternCase::kInsensitive);
    static const Pattern kNow("\\b(?:has|have|is|suffers?|got|lives with)\\b|'s\\b",
                              PatternCase::kInsensitive);
    static const Pattern kPast("\\b(?:had|died|passed)\\b", PatternCase::kInsensitive);
    // "I'm caring for my mom, she is 74 ...": the writer named whom it is
    // about; what they say of themselves before it does not count.
    const std::string_view after = text.substr(relative->position(1) + relative->length(1));
    const std::string_view first = after.substr(0, after.find_first_of(".;!?\n"));
    // What the writer says of caring or searching is not about their own
    // health ("he lives with me and I'm his caregiver", "I'm looking for a
    // trial for him"; user test: a father with Alzheimer's was read as the
    // writer).
    static const Pattern kCaring(
        "\\b(?:i'?m|i am|im)\\s+(?:his|her|their)\\s+(?:\\w+\\s+)?(?:caregiver|carer|care giver|"
        "daughter|son|wife|husband|partner|child)\\b|"
        "\\blives? with (?:me|us)\\b|"
        "\\bi (?:take care of|care for|look after|help|drive|bring)\\s+(?:him|her|them)\\b|"
        "\\b(?:i'?m|i am|im|we are|we're)\\s+(?:looking|searching|asking|writing|hoping|trying|"
        "wondering)\\b[^.;!?\\n]*|"
        "\\bi (?:want|would like|need|hope) to (?:find|know|help)\\b[^.;!?\\n]*",
        PatternCase::kInsensitive);
    const std::string own = kCaring.ReplaceAll(after, " ");
    // What they had, then how they are now ("My mother had a stroke 6
    // months ago ..., she walks with a walker"; user test: read as the
    // writer's family history).
    static const Pattern kStillNow(
        "\\b(?:she|he)(?:'s| is| has| walks| takes| uses| lives| can| cannot| can't| needs| gets| "
        "still| now)\\b|\\bstill\\b",
        PatternCase::kInsensitive);
    const bool now = (kNow.Search(first) && !kPast.Search(first)) || kStillNow.Search(after);
    if (kFirstPerson.Search(own) || !now) return std::nullopt;
  }
  patient.described_relation = relation;
  static const std::set<std::string> kMale = {"son",     "boy",     "stepson",     "father", "dad",
                                              "husband", "brother", "grandfather", "grandpa"};
  static const std::set<std::string> kFemale = {"daughter",    "girl",   "stepdaughter", "mother",
                                                "mom",         "mum",    "wife",         "sister",
                                                "grandmother", "grandma"};
  if (patient.sex.empty() && kMale.count(relation) > 0) patient.sex = "MALE";
  if (patient.sex.empty() && kFemale.count(relation) > 0) patient.sex = "FEMALE";
  // "My son is 12", "he's 8", "she is 9 years old": compiled here, as it
  // names the relation.
  const Pattern stated_age("\\b(?:he|she|they|" + relation +
                               ")(?:'s| is| are) (\\d{1,3})(?: years?(?: "
                               "old)?)?\\b(?!\\.\\d|\\s*(?:%|kg|lb|cm|ft|feet|inch|"
                               "week|month|day|hour|mg|percent|times))",
                           PatternCase::kInsensitive);
  if (std::optional<PatternMatch> stated = stated_age.Find(text))
    return std::strtod(stated->str(1).c_str(), nullptr);
  return std::nullopt;
}

}  // namespace trialfinder
