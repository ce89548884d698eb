// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Atom feeds (RFC 4287) of searches: the trials a search finds that are new
// or changed since a date, newest first, each with what changed (status,
// sites, dates, enrollment, eligibility, results), so that a patient or a
// coordinator can follow "lupus trials near Boston" in any feed reader.
//
//   GET /feeds/search.atom?q=lupus&near=Boston, MA   the search page's fields
//   GET /feeds/studies.atom?query.cond=lupus         API v2 search parameters
//
// Both take since=YYYY-MM-DD (default: the last 30 days, so a subscribed
// URL keeps moving). Not guaranteed: at most kFeedEntries entries, chosen
// among the kFeedCandidates most recently updated matches; "what changed"
// compares with the version this copy kept from before `since` and says so
// when it kept none. A status filter keeps a trial that left it since (a
// trial that stopped recruiting is news to its followers).

#ifndef TRIALFINDER_SERVER_ATOM_FEED_H_
#define TRIALFINDER_SERVER_ATOM_FEED_H_

#include <cstddef>
#include <string>

#include "server/http_message.h"
#include "server/page_support.h"
#include "server/reader_pool.h"

namespace trialfinder {

inline constexpr std::size_t kFeedEntries = 50;
inline constexpr std::size_t kFeedCandidates = 500;
inline constexpr int kFeedDefaultDays = 30;

class FeedHandlers {
 public:
  explicit FeedHandlers(ReaderPool& pool) : pool_(pool) {}

  // The address people reach the server at ("https://trials.example.org"),
  // for the absolute links and ids Atom needs, without a trailing
  // "/". Set before serving.
  void SetPublicUrl(std::string url);

  // GET /feeds/search.atom: the search page's fields (q, near, status, ...).
  void SearchFeed(const HttpRequest& request, HttpResponse& response);
  // GET /feeds/studies.atom: API v2 search parameters (query.*, filter.*).
  void StudiesFeed(const HttpRequest& request, HttpResponse& response);

 private:
  struct FeedSpec {
    FormFields parameters;  // API v2 search parameters
    std::string title;
    std::string self_path;    // the feed's own path and query
    std::string html_path;    // the same search as a page; empty for none
    bool for_people = false;  // errors in the search form's words (ForPeople)
  };
  void Send(const HttpRequest& request, HttpResponse& response, ReaderPool::Lease& lease,
            FeedSpec spec);

  ReaderPool& pool_;
  std::string public_url_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_ATOM_FEED_H_
