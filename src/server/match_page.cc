// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// GET and POST /match: "Which trials could I join?".

#include "server/pages.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "server/api.h"
#include "server/page_support.h"
#include "trialfinder/match.h"
#include "trialfinder/patient.h"
#include "trialfinder/search.h"

namespace trialfinder {
namespace {

// "pregnant" of the form's answer "pregnant=no" (KEY=yes|no|unsure).
std::string AnswerKey(const std::string& answer) { return answer.substr(0, answer.rfind('=')); }

// A trial's "why" without the status it ends with ("studies leukemia,
// which the patient is not known to have; possibly eligible at most, as
// ..."), for a trial the page labels otherwise.
std::string WithoutStatus(const std::string& why) { return why.substr(0, why.rfind("; ")); }

// The form's age: "45", "45 years", "8 months", "3 weeks" (user test: a
// parent could not give a baby's age). nullopt for anything else.
std::optional<double> AgeInYears(const std::string& written) {
  std::size_t digits = 0;
  while (digits < written.size() && std::isdigit(static_cast<unsigned char>(written[digits])))
    ++digits;
  if (digits == 0 || digits > 3) return std::nullopt;
  const double number = std::stod(written.substr(0, digits));
  std::string unit;
  for (char c : written.substr(digits)) {
    if (c != ' ') unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (unit.empty() || unit == "y" || unit == "yr" || unit == "yrs" || unit == "year" ||
      unit == "years" || unit == "yearsold" || unit == "yo")
    return number;
  if (number <= 36 && (unit == "m" || unit == "mo" || unit == "mos" || unit == "month" ||
                       unit == "months" || unit == "monthsold"))
    return number / 12.0;
  if (number <= 104 && (unit == "w" || unit == "wk" || unit == "wks" || unit == "week" ||
                        unit == "weeks" || unit == "weeksold"))
    return number / 52.0;
  return std::nullopt;
}

// What matching used, in a line the person can check against what they
// meant: "We read: 8 years old, male; has asthma." Empty when nothing was
// read.
std::string WhatWeRead(const Patient& patient) {
  std::vector<std::string> parts;
  if (patient.age_years) {
    const double age = *patient.age_years;
    // Weeks for a newborn ("6 weeks" was "1 months old": user test).
    const long weeks = std::lround(age * 52);
    const long months = std::lround(age * 12);
    parts.push_back(age * 12 < 2.5
                        ? std::to_string(weeks) + (weeks == 1 ? " week old" : " weeks old")
                    : age < 2 ? std::to_string(months) + " months old"
                              : std::to_string(static_cast<int>(age)) + " years old");
  }
  if (!patient.sex.empty()) parts.push_back(patient.sex == "FEMALE" ? "female" : "male");
  if (patient.pregnant == true) parts.push_back("pregnant");
  std::string has;
  std::string had;
  std::string not_has;
  bool smokes_not = false;
  bool former_smoker = false;
  bool smokes = false;
  for (const PatientCondition& condition : patient.conditions) {
    // Smoking in words ("has smoking", "does not have cigarette smoking":
    // user test).
    const bool smoking = condition.name.find("smok") != std::string::npos ||
                         condition.name.find("tobacco") != std::string::npos;
    if (smoking && !condition.present) {
      smokes_not = true;
      continue;
    }
    if (smoking && condition.resolved) {
      former_smoker = true;
      continue;
    }
    if (smoking) {
      smokes = true;
      continue;
    }
    std::string& list = !condition.present ? not_has : condition.resolved ? had : has;
    list += (list.empty() ? "" : ", ") + condition.name;
  }
  if (!has.empty()) parts.push_back("has " + has);
  if (!had.empty()) parts.push_back("had, now over: " + had);
  if (patient.stage && !patient.stage->group.empty())
    parts.push_back("stage " + patient.stage->group);
  if (!not_has.empty()) parts.push_back("does not have " + not_has);
  if (smokes) parts.push_back("smokes");
  if (smokes_not && !smokes && !former_smoker) parts.push_back("does not smoke");
  if (former_smoker) parts.push_back("former smoker");
  std::string results;
  for (const PatientLab& lab : patient.labs) {
    results += (results.empty() ? "" : ", ") + lab.name +
               (lab.value ? " " + fmt::format("{:g}", *lab.value) +
                                (lab.unit.empty() ? "" : " " + lab.unit)
                : lab.positive ? (*lab.positive ? " positive" : " negative")
                               : "");
  }
  if (!results.empty()) parts.push_back("results: " + results);
  std::string treated;
  for (const PatientTreatment& treatment : patient.treatments)
    treated += (treated.empty() ? "" : ", ") + treatment.name;
  if (!treated.empty()) parts.push_back("treatments: " + treated);
  if (parts.empty()) return "";
  std::string line = patient.described_relation.empty()
                         ? "We read: "
                         : "We read, about your " + patient.described_relation + ": ";
  for (std::size_t i = 0; i < parts.size(); ++i) line += (i == 0 ? "" : "; ") + parts[i];
  return line + ". If this is not what you meant, change what you wrote.";
}

}  // namespace
void PageHandlers::Match(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request);
  const std::string distance = request.HasParam("distance") ? Param(request, "distance") : "2000";
  std::vector<std::string> answers;
  for (std::string& answer : request.ParamValues("answer")) {
    // One answer per question, the last given (user test: "yes" and "no"
    // to one question were both listed).
    std::erase_if(answers, [&](const std::string& a) { return AnswerKey(a) == AnswerKey(answer); });
    if (answers.size() == 20) break;
    answers.push_back(std::move(answer));
  }
  Json view = {{"age", Param(request, "age")},
               {"conditions", Param(request, "conditions")},
               {"description", Param(request, "description")},
               {"near", Param(request, "near")},
               {"sexes", Options(SexOptions(), Param(request, "sex"))},
               {"distances", Options(DistanceOptions(), distance)},
               {"answers", answers}};
  const std::string title = "Which trials could I join?";
  if (request.method != "POST") return SendPage(response, "match", view, title, visitor);
  auto fail = [&](const std::string& message) {
    view["error"] = message;
    SendPage(response, "match", view, title, visitor, 400);
  };
  // The form becomes the patient JSON of POST /api/v2/match, read the same way.
  Json patient_json = Json::object();
  const std::string age = Param(request, "age");
  if (!age.empty()) {
    const std::optional<double> years = AgeInYears(age);
    if (!years) return fail("Age: give whole years, like 45, or months for a baby, like 8 months.");
    patient_json["age"] = *years;
  }
  if (!Param(request, "sex").empty()) patient_json["sex"] = Param(request, "sex");
  Json conditions = Json::array();
  std::string names = Param(request, "conditions");
  for (std::size_t at = 0; at <= names.size();) {
    const std::size_t comma = std::min(names.find(',', at), names.size());
    std::string name = names.substr(at, comma - at);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (!name.empty()) conditions.push_back({{"name", name}});
    at = comma + 1;
  }
  if (!conditions.empty()) patient_json["conditions"] = conditions;
  if (!Param(request, "description").empty())
    patient_json["description"] = Param(request, "description");
  if (conditions.empty() && !patient_json.contains("description")) {
    return fail("Tell us at least one condition, or describe your situation.");
  }
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendUnavailable(response, visitor);
  const CriteriaLexicon& lexicon = lease->lexicon();
  // Form bytes that are not UTF-8 become U+FFFD rather than an error.
  const std::string patient_text =
      patient_json.dump(-1, ' ', false, Json::error_handler_t::replace);
  Result<Patient> patient = ParsePatientJson(patient_text, CaseReader(lexicon));
  if (!patient.ok()) return fail(patient.status().message());
  for (const std::string& answer : answers) {
    Status applied = ApplyAnswerText(answer, *patient);
    if (!applied.ok()) return fail(applied.message());
  }
  std::vector<std::pair<std::string, std::string>> filters = {
      {"filter.overallStatus", OpenStatusFilter()}};
  Result<ResolvedPlace> place = AddPlaceFilter(request, distance, *lease, filters);
  if (!place.ok()) return fail(place.status().message());
  if (!place->choices.empty()) {
    std::string names;
    for (const std::string& choice : place->choices) names += (names.empty() ? "" : "; ") + choice;
    return fail("Several places are called '" + Param(request, "near") + "': " + names +
                ". Type the one you mean, with its state or country.");
  }
  Result<SearchQuery> query = ParseSearchParameters(filters);
  if (!query.ok()) return fail(ForPeople(query.status().message()));
  MatchOptions options = lease->match_options();
  options.filters = *query;
  options.limit = 20;
  Matcher matcher(lease->store(), lease->index(), lexicon);
  Result<MatchResult> result = matcher.Match(*patient, options);
  if (!result.ok()) return fail(result.status().message());

  const bool own_condition = std::any_of(patient->conditions.begin(), patient->conditions.end(),
                                         [](const PatientCondition& c) { return c.present; });
  // Said what they have, or that they are healthy: a trial of a condition
  // they did not give is for other people (user test: a healthy volunteer
  // saw a leukemia CAR-T trial "possibly eligible").
  const bool said_own = own_condition || patient->healthy;
  Json about = Json::array();
  Json others = Json::array();
  for (const TrialMatch& trial : result->trials) {
    Json criteria = Json::array();
    for (const CriterionVerdict& verdict : trial.criteria) {
      std::string verdict_class = VerdictName(verdict.verdict);
      std::replace(verdict_class.begin(), verdict_class.end(), ' ', '-');
      criteria.push_back(
          {{"text", verdict.text},
           {"verdict", !verdict.assumed ? std::string(VerdictName(verdict.verdict))
                       : verdict.verdict == Verdict::kMet ? std::string("probably met")
                                                          : std::string("probably does not apply")},
           {"verdict_class", verdict.assumed ? "assumed" : verdict_class},
           {"assumed", verdict.assumed},
           {"evidence", ToReader(verdict.evidence, patient->described_relation)}});
    }
    // A trial of another condition for someone who gave their own is not
    // "possibly eligible" on the page: it is for people who have that
    // condition (user test: a boy with asthma saw ten leukemia trials as
    // "possibly eligible"). The API keeps the status with
    // aboutPatientCondition false.
    const bool other_condition = said_own && !trial.studies_patient_condition &&
                                 trial.status == EligibilityStatus::kPossiblyEligible;
    const std::string status =
        other_condition ? "about another condition" : EligibilityStatusName(trial.status);
    std::string status_class = other_condition ? "other-condition" : status;
    std::replace(status_class.begin(), status_class.end(), ' ', '-');
    Json item = {
        {"nct_id", trial.nct_id},
        {"title", trial.title},
        {"overall_status", ReadableStatus(trial.overall_status)},
        {"status", status},
        {"for_whom", patient->described_relation.empty()
                         ? std::string("For you")
                         : "For your " + patient->described_relation},
        {"status_class", status_class},
        {"cohort", trial.cohort},
        {"met", trial.met},
        {"met_text", std::to_string(trial.met) + (trial.met == 1 ? " criterion" : " criteria")},
        {"not_met", trial.not_met},
        {"unknown", trial.unknown},
        {"why", Capitalized(ToReader(other_condition ? WithoutStatus(trial.why) : trial.why,
                                     patient->described_relation)) +
                    "."},
        {"criteria", criteria}};
    if (trial.distance_km)
      item["distance"] = std::to_string(static_cast<int>(*trial.distance_km)) + " km";
    (trial.studies_patient_condition ? about : others).push_back(item);
  }
  view["matched"] = true;
  // Trials about the person's conditions apart from the others, which are
  // listed only because nothing told rules them out.
  Json groups = Json::array();
  if (!about.empty()) {
    groups.push_back(
        {{"id", "about-your-conditions"}, {"heading", "About your conditions"}, {"trials", about}});
  }
  if (!others.empty()) {
    groups.push_back(
        {{"id", "other-trials"},
         {"heading", !said_own       ? "Trials that may fit"
                     : about.empty() ? "No trial here is about your conditions: trials of other "
                                       "conditions"
                                     : "Trials of other conditions"},
         {"hint", said_own
                      ? std::string(own_condition ? "These trials study other conditions than the "
                                                    "ones you gave"
                                                  : "These trials study conditions you did not "
                                                    "say you have") +
                            ", and are for people who have those. They are listed because nothing "
                            "you told us rules them out; check with your doctor."
                      : std::string("You did not name a condition, so these trials are listed "
                                    "because nothing you told us rules them out; check with your "
                                    "doctor.")},
         {"trials", others}});
  }
  view["groups"] = groups;
  const std::string checked = " (" + std::to_string(result->candidates_judged) + " checked).";
  auto count = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + (n == 1 ? one : many);
  };
  view["summary"] =
      about.empty() ? (said_own ? "No open trial here is about the conditions you gave; " +
                                      count(others.size(), " trial of other conditions is listed",
                                            " trials of other conditions are listed") +
                                      checked
                                : count(others.size(), " trial", " trials") +
                                      " could fit on what you told us" + checked)
                    : count(about.size(), " trial is", " trials are") + " about your conditions" +
                          (others.empty()
                               ? ""
                               : "; " + count(others.size(), " trial of other conditions is listed",
                                              " trials of other conditions are listed")) +
                          checked;
  view["read"] = WhatWeRead(*patient);
  // Told about other people only: say whose conditions matching uses
  // (user test: "my son has asthma" gave no condition and no reason).
  if (patient->mentions_other_people && !own_condition) {
    view["read_hint"] =
        "What you wrote about other people (family, partner) is read as their history, not "
        "yours, so no condition of yours was found. To look for trials for someone else, start "
        "with them and say what they have now, with their age: \"My son has asthma, he is 8\".";
  }
  // The form's fields and the answers given, but the one at `skip`. To
  // change an answer, its key goes as "ask": that question is asked again
  // (user test: "Change" dropped the answer, and another question came).
  auto carry = [&](std::size_t skip) {
    Json fields = Json::array();
    for (const char* name : {"age", "sex", "conditions", "description", "near", "distance"}) {
      if (request.HasParam(name))
        fields.push_back({{"name", name}, {"value", Param(request, name)}});
    }
    for (std::size_t i = 0; i < answers.size(); ++i) {
      if (i != skip) fields.push_back({{"name", "answer"}, {"value", answers[i]}});
    }
    if (skip < answers.size())
      fields.push_back({{"name", "ask"}, {"value", AnswerKey(answers[skip])}});
    return fields;
  };
  Json answered = Json::array();
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const std::optional<Answer> answer = ParseAnswer(answers[i].substr(answers[i].rfind('=') + 1));
    answered.push_back(
        {{"text", QuestionFor(QuestionText(AnswerKey(answers[i])), patient->described_relation)},
         {"answer", answer == Answer::kYes  ? "Yes"
                    : answer == Answer::kNo ? "No"
                                            : "I don't know"},
         {"carry", carry(i)}});
  }
  view["has_answers"] = !answered.empty();
  view["answered"] = answered;
  std::optional<std::pair<std::string, std::string>> question;  // key, text
  if (result->next_question)
    question.emplace(result->next_question->key, result->next_question->text);
  // The question whose answer is being changed, when it is one this page
  // could have asked (a key ApplyAnswer reads, with wording) and is not
  // answered: "ask" is form input like any other.
  if (const std::string ask = Param(request, "ask"); !ask.empty()) {
    Patient probe = *patient;
    const bool answered_already =
        std::any_of(answers.begin(), answers.end(),
                    [&ask](const std::string& a) { return AnswerKey(a) == ask; });
    const std::string text = QuestionText(ask);
    if (!answered_already && !text.empty() && ApplyAnswerText(ask + "=unsure", probe).ok())
      question.emplace(ask, text);
  }
  if (question) {
    view["question"] = {{"key", question->first},
                        {"text", QuestionFor(question->second, patient->described_relation)},
                        {"carry", carry(answers.size())}};
  }
  SendPage(response, "match", view, title, visitor);
}

}  // namespace trialfinder
