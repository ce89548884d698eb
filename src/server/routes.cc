// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The route table: every HTTP route trialfinder serves. GET routes answer
// HEAD too; bodies are limited to 64 kB unless a route says otherwise.

#include "server/routes.h"

#include <string>

namespace trialfinder {
namespace {

template <class Handlers, class Method>
HttpHandler Bind(Handlers& handlers, Method method) {
  return [&handlers, method](const HttpRequest& request, HttpResponse& response) {
    (handlers.*method)(request, response);
  };
}

constexpr RouteKind kApi = RouteKind::kApi;
constexpr RouteKind kPage = RouteKind::kPage;
// Routes any visitor may call (HttpRoute::required_cookie).
constexpr const char* kAnyone = "";
constexpr std::size_t kDefaultBody = 0;  // HttpServerOptions::max_body_bytes
// The patient page's editor form: seven fields of up to 4,000 characters,
// each up to 4 bytes in UTF-8 and 3 characters per byte once form-encoded.
constexpr std::size_t kEditorFormBody = 512 * 1024;
// A patient as a FHIR Bundle from an EHR: conditions, observations and
// medications of years, often a few hundred kB (5,000 entries at most are
// read).
constexpr std::size_t kPatientBody = 2 * 1024 * 1024;
// Prescreening: some thousands of patients in one request.
constexpr std::size_t kPatientsBody = 64 * 1024 * 1024;

}  // namespace

std::vector<HttpRoute> Routes(ApiHandlers& api, PageHandlers& pages, FeedHandlers& feeds,
                              DiscoveryHandlers& discovery) {
  return {
      // ClinicalTrials.gov API v2
      {"GET", "/api/v2/studies", kApi, kDefaultBody, Bind(api, &ApiHandlers::Studies), kAnyone},
      {"GET", "/api/v2/studies/metadata", kApi, kDefaultBody,
       Bind(api, &ApiHandlers::StudiesMetadata), kAnyone},
      {"GET", "/api/v2/studies/search-areas", kApi, kDefaultBody,
       Bind(api, &ApiHandlers::SearchAreas), kAnyone},
      {"GET", "/api/v2/studies/enums", kApi, kDefaultBody, Bind(api, &ApiHandlers::Enums), kAnyone},
      {"GET", "/api/v2/studies/([^/]+)", kApi, kDefaultBody, Bind(api, &ApiHandlers::Study),
       kAnyone},
      {"GET", "/api/v2/stats/size", kApi, kDefaultBody, Bind(api, &ApiHandlers::StatsSize),
       kAnyone},
      {"GET", "/api/v2/stats/field/values", kApi, kDefaultBody,
       Bind(api, &ApiHandlers::FieldValues), kAnyone},
      {"GET", "/api/v2/stats/field/sizes", kApi, kDefaultBody, Bind(api, &ApiHandlers::FieldSizes),
       kAnyone},
      {"GET", "/api/v2/version", kApi, kDefaultBody, Bind(api, &ApiHandlers::Version), kAnyone},
      // trialfinder's own
      {"GET", "/api/v2/studies/([^/]+)/related", kApi, kDefaultBody,
       Bind(api, &ApiHandlers::Related), kAnyone},
      {"GET", "/api/v2/studies/([^/]+)/criteria", kApi, kDefaultBody,
       Bind(api, &ApiHandlers::Criteria), kAnyone},
      {"POST", "/api/v2/match", kApi, kPatientBody, Bind(api, &ApiHandlers::Match), kAnyone},
      {"POST", "/api/v2/studies/([^/]+)/prescreen", kApi, kPatientsBody,
       Bind(api, &ApiHandlers::Prescreen), kAnyone},
      // The clinical-trial-matching-service convention (mCODE matching app)
      {"POST", "/getClinicalTrial", kApi, kPatientBody, Bind(api, &ApiHandlers::GetClinicalTrial),
       kAnyone},
      // Atom feeds of searches: trials new or changed since a date (atom_feed.h)
      {"GET", "/feeds/search.atom", kPage, kDefaultBody, Bind(feeds, &FeedHandlers::SearchFeed),
       kAnyone},
      {"GET", "/feeds/studies.atom", kApi, kDefaultBody, Bind(feeds, &FeedHandlers::StudiesFeed),
       kAnyone},
      // For search engines (sitemap.h)
      {"GET", "/robots.txt", kPage, kDefaultBody, Bind(discovery, &DiscoveryHandlers::Robots),
       kAnyone},
      {"GET", "/sitemap.xml", kPage, kDefaultBody, Bind(discovery, &DiscoveryHandlers::Sitemap),
       kAnyone},
      {"GET", "/sitemaps/([0-9]+)\\.xml", kPage, kDefaultBody,
       Bind(discovery, &DiscoveryHandlers::SitemapFile), kAnyone},
      {"GET", "/healthz", kApi, kDefaultBody, Bind(api, &ApiHandlers::Health), kAnyone},

      // HTML pages
      {"GET", "/", kPage, kDefaultBody, Bind(pages, &PageHandlers::Search), kAnyone},
      {"GET", "/study/([^/]+)", kPage, kDefaultBody, Bind(pages, &PageHandlers::Study), kAnyone},
      {"GET", "/study/([^/]+)/plain", kPage, kDefaultBody, Bind(pages, &PageHandlers::Plain),
       kAnyone},
      {"POST", "/study/([^/]+)/plain", kPage, kEditorFormBody,
       Bind(pages, &PageHandlers::EditPlain), kEditorSessionCookie},
      {"GET", "/match", kPage, kDefaultBody, Bind(pages, &PageHandlers::Match), kAnyone},
      {"POST", "/match", kPage, kDefaultBody, Bind(pages, &PageHandlers::Match), kAnyone},
      {"GET", "/editor/login", kPage, kDefaultBody, Bind(pages, &PageHandlers::LoginForm), kAnyone},
      {"POST", "/editor/login", kPage, kDefaultBody, Bind(pages, &PageHandlers::Login), kAnyone},
      {"POST", "/editor/logout", kPage, kDefaultBody, Bind(pages, &PageHandlers::Logout), kAnyone},
      {"GET", "/static/style.css", kPage, kDefaultBody, Bind(pages, &PageHandlers::StyleSheet),
       kAnyone},
      {"GET", "/favicon.ico", kPage, kDefaultBody, Bind(pages, &PageHandlers::Favicon), kAnyone},
  };
}

HttpErrorWriter RouteErrorWriter(PageHandlers& pages) {
  return [&pages](RouteKind kind, int status, const std::string& message, HttpResponse& response) {
    if (kind == RouteKind::kPage) {
      pages.ErrorPage(response, status, message);
    } else {
      SendError(response, status, message);
    }
  };
}

}  // namespace trialfinder
