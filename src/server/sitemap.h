// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What search engines crawl: /robots.txt and the sitemaps
// (sitemaps.org protocol 0.9). /sitemap.xml lists every trial page and
// patient page with the record's last update as lastmod; past 50,000
// addresses it becomes a sitemap index of /sitemaps/{n}.xml files.

#ifndef TRIALFINDER_SERVER_SITEMAP_H_
#define TRIALFINDER_SERVER_SITEMAP_H_

#include <cstdint>
#include <string>

#include "server/http_message.h"
#include "server/reader_pool.h"

namespace trialfinder {

// The protocol's limit of addresses in one sitemap file.
inline constexpr std::int64_t kSitemapMaxUrls = 50000;
// Studies per file of a split sitemap: two pages each, and the home page
// in the first, stay under kSitemapMaxUrls.
inline constexpr std::int64_t kSitemapStudiesPerFile = 24000;

// How many /sitemaps/{n}.xml files `studies` need; 0 when one
// /sitemap.xml holds them all.
std::int64_t SitemapFiles(std::int64_t studies);

class DiscoveryHandlers {
 public:
  explicit DiscoveryHandlers(ReaderPool& pool) : pool_(pool) {}

  // The address people reach the server at, for absolute addresses,
  // without a trailing "/". Set before serving.
  void SetPublicUrl(std::string url);

  // GET /robots.txt: pages may be crawled; the API, feeds, matching, the
  // editor and search result pages (endless combinations) may not.
  void Robots(const HttpRequest& request, HttpResponse& response);
  // GET /sitemap.xml
  void Sitemap(const HttpRequest& request, HttpResponse& response);
  // GET /sitemaps/{n}.xml: the n-th (from 1) file of a split sitemap.
  void SitemapFile(const HttpRequest& request, HttpResponse& response);

 private:
  // A <urlset> of the studies from `offset` (at most `limit`), with the
  // home page when `with_home`.
  void SendUrlSet(HttpResponse& response, ReaderPool::Lease& lease, std::int64_t offset,
                  std::int64_t limit, bool with_home);

  ReaderPool& pool_;
  std::string public_url_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_SITEMAP_H_
