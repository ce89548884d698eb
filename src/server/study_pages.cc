// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// GET /study/{id}, GET and POST /study/{id}/plain: the registry page, the
// patient page and its editor form.

#include "server/pages.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "server/api.h"
#include "server/json_ld.h"
#include "server/page_support.h"
#include "trialfinder/plain.h"
#include "trialfinder/search.h"

namespace trialfinder {
namespace {

constexpr std::size_t kMaxFieldCharacters = 4000;

// A trial page's head: its canonical address, a description and the trial
// as schema.org MedicalTrial JSON-LD.
PageHead TrialHead(const trialfinder::Study& study, const std::string& canonical,
                   std::string description) {
  return {canonical, std::move(description), ScriptSafeJson(MedicalTrialJsonLd(study, canonical)),
          false, ""};
}

}  // namespace

void PageHandlers::Study(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request);
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, visitor);
  if (!loaded) return;
  std::optional<Place> origin;
  if (request.HasParam("near")) {
    Result<ResolvedPlace> place =
        ResolvePlace(Param(request, "near"), loaded->lease.store(), loaded->lease.index());
    if (place.ok()) origin = place->place;
  }
  std::vector<RelatedTrial> related;
  Result<std::vector<SearchHit>> similar = loaded->lease.index().Related(loaded->study.nct_id(), 5);
  if (similar.ok()) {
    for (const SearchHit& hit : *similar) {
      Result<std::optional<trialfinder::Study>> other = loaded->lease.store().GetStudy(hit.nct_id);
      if (!other.ok() || !other->has_value()) continue;
      related.push_back({hit.nct_id, (*other)->protocol.identification.brief_title,
                         (*other)->protocol.status.overall_status, JoinedPhases(**other)});
    }
  }
  const Json view = StudyPageView(loaded->study, loaded->criteria, related, origin);
  SendPage(response, "study", view, loaded->study.protocol.identification.brief_title, visitor, 200,
           TrialHead(loaded->study, public_url_ + "/study/" + loaded->study.nct_id(),
                     MetaDescription(loaded->study)));
}

void PageHandlers::Plain(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request);
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, visitor);
  if (!loaded) return;
  PlainPage page = BuildPlainPage(loaded->study, loaded->criteria, LayTerms::Builtin());
  Result<EditorialPool::Lease> editorial = editorial_.Acquire();
  if (!editorial.ok())
    return SendMessage(response, 500, "Something went wrong", editorial.status().message(),
                       visitor);
  Result<std::map<std::string, FieldOverride>> overrides = (*editorial)->Overrides(page.nct_id);
  Result<std::optional<PageReview>> review = (*editorial)->LastReview(page.nct_id);
  if (!overrides.ok() || !review.ok()) {
    return SendMessage(response, 500, "Something went wrong", "cannot read the editorial tables",
                       visitor);
  }
  // Overrides made on an earlier version of the record are held back: the
  // registry's new text shows until an editor reviews the page again.
  const int version = loaded->record_version;
  for (const auto& [field, value] : *overrides) {
    if (value.record_version == version) page.SetField(field, value.value);
  }
  const std::string updated = loaded->study.protocol.status.last_update_post_date.date;
  // Tappable: tel: and mailto: links (issue 25).
  Json contacts = ContactsView(loaded->study.protocol.contacts_locations.central_contacts, 10);
  const bool has_contacts = !contacts.empty();

  Json view = {{"nct_id", page.nct_id},
               {"title", page.title},
               {"official_title", page.official_title},
               {"byline", page.byline},
               {"summary", page.summary},
               {"what_it_studies", page.what_it_studies},
               {"from_study_team", page.from_study_team},
               {"good_fit", page.good_fit},
               {"not_a_fit", page.not_a_fit},
               {"potential_benefit", page.potential_benefit},
               {"what_to_expect", page.what_to_expect},
               {"treatments", page.treatments},
               {"has_treatments", !page.treatments.empty()},
               {"criteria_drugs", page.criteria_drugs},
               {"has_criteria_drugs", !page.criteria_drugs.empty()},
               {"places", page.places},
               {"has_places", !page.places.empty()},
               {"contacts", std::move(contacts)},
               {"has_contacts", has_contacts},
               {"how_to_participate", page.how_to_participate},
               {"conditions", page.conditions},
               {"eligibility_criteria", page.eligibility_criteria}};
  Json facts = Json::array();
  for (const QuickFact& fact : page.quick_facts)
    facts.push_back({{"label", fact.label}, {"value", fact.value}});
  view["quick_facts"] = facts;
  if (*review && (*review)->record_version == version) {
    view["review"] = {{"date", (*review)->reviewed_at.substr(0, 10)},
                      {"editor", (*review)->editor}};
  } else if (*review) {
    view["review_stale"] = {
        {"date", (*review)->reviewed_at.substr(0, 10)},
        {"editor", (*review)->editor},
        {"updated", updated.empty() ? std::string("since then") : "on " + updated}};
  }
  if (visitor.session) {
    Json fields = Json::array();
    for (const std::string& name : PlainPage::EditableFields()) {
      Json field = {{"name", name}, {"label", LabelOf(name)}, {"value", *page.Field(name)}};
      auto overridden = overrides->find(name);
      if (overridden != overrides->end() && overridden->second.record_version == version) {
        field["overridden"] = {{"by", overridden->second.editor},
                               {"at", overridden->second.updated_at}};
      } else if (overridden != overrides->end()) {
        field["stale"] = {{"by", overridden->second.editor},
                          {"at", overridden->second.updated_at},
                          {"value", overridden->second.value}};
      }
      fields.push_back(field);
    }
    view["editor"] = {{"csrf", visitor.session->csrf_token}, {"fields", fields}};
  }
  SendPage(response, "plain", view, page.title, visitor, 200,
           TrialHead(loaded->study, public_url_ + "/study/" + page.nct_id + "/plain",
                     MetaDescription(loaded->study, page.summary)));
}

void PageHandlers::EditPlain(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request);
  if (!visitor.session) {
    return SendMessage(response, 403, "Editors only",
                       "Only logged-in editors can change pages. Log in first.");
  }
  if (!CsrfMatches(request, visitor.session->csrf_token)) {
    return SendMessage(response, 403, "Form expired",
                       "The form was not sent from this session. Reload the page "
                       "and try again.",
                       visitor);
  }
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, visitor);
  if (!loaded) return;
  const PlainPage generated = BuildPlainPage(loaded->study, loaded->criteria, LayTerms::Builtin());
  Result<EditorialPool::Lease> editorial = editorial_.Acquire();
  if (!editorial.ok())
    return SendMessage(response, 500, "Something went wrong", editorial.status().message(),
                       visitor);
  Result<std::map<std::string, FieldOverride>> overrides =
      (*editorial)->Overrides(generated.nct_id);
  if (!overrides.ok())
    return SendMessage(response, 500, "Something went wrong", overrides.status().message(),
                       visitor);
  for (const std::string& name : PlainPage::EditableFields()) {
    if (!request.HasParam(name.c_str())) continue;
    std::string value = Param(request, name.c_str());
    // Characters, not bytes: "é" is one character and two bytes.
    const auto characters =
        static_cast<std::size_t>(std::count_if(value.begin(), value.end(), [](char c) {
          return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    if (characters > kMaxFieldCharacters) {
      return SendMessage(response, 400, "Too long",
                         LabelOf(name) + ": at most " + std::to_string(kMaxFieldCharacters) +
                             " characters, not " + std::to_string(characters) + ".",
                         visitor);
    }
    value.erase(std::remove(value.begin(), value.end(), '\r'), value.end());
    // Back to the generated text (or cleared): no override.
    if (value == *generated.Field(name)) value.clear();
    auto current = overrides->find(name);
    const std::string stored = current == overrides->end() ? "" : current->second.value;
    // Unchanged, unless it was held back as stale: saving it again confirms
    // it for the record as it is now.
    const bool current_version =
        current == overrides->end() || current->second.record_version == loaded->record_version;
    if (value == stored && current_version) continue;
    Status saved = (*editorial)
                       ->SetOverride(generated.nct_id, name, value, visitor.session->editor,
                                     loaded->record_version);
    if (!saved.ok()) return SendMessage(response, 500, "Not saved", saved.message(), visitor);
  }
  if (Param(request, "reviewed") == "1") {
    Status marked =
        (*editorial)
            ->MarkReviewed(generated.nct_id, visitor.session->editor, loaded->record_version);
    if (!marked.ok()) return SendMessage(response, 500, "Not saved", marked.message(), visitor);
  }
  Redirect(response, "/study/" + generated.nct_id + "/plain");
}

}  // namespace trialfinder
