// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/sitemap.h"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

#include "server/api.h"

namespace trialfinder {
namespace {

constexpr const char* kSitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

void SendXml(HttpResponse& response, const pugi::xml_document& document) {
  std::ostringstream out;
  document.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  response.SetContent("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str() + "\n",
                      "application/xml; charset=utf-8");
}

void AddUrl(pugi::xml_node set, const std::string& location, const std::string& lastmod) {
  pugi::xml_node url = set.append_child("url");
  url.append_child("loc").text().set(location.c_str());
  if (!lastmod.empty()) url.append_child("lastmod").text().set(lastmod.c_str());
}

}  // namespace

std::int64_t SitemapFiles(std::int64_t studies) {
  if (2 * studies + 1 <= kSitemapMaxUrls) return 0;
  return (studies + kSitemapStudiesPerFile - 1) / kSitemapStudiesPerFile;
}

void DiscoveryHandlers::SetPublicUrl(std::string url) { public_url_ = std::move(url); }

void DiscoveryHandlers::Robots(const HttpRequest& /*request*/, HttpResponse& response) {
  response.SetContent(fmt::format("# trialfinder: trial pages and patient pages may be crawled.\n"
                                  "User-agent: *\n"
                                  "Allow: /$\n"
                                  "Allow: /study/\n"
                                  "Disallow: /?\n"
                                  "Disallow: /api/\n"
                                  "Disallow: /feeds/\n"
                                  "Disallow: /match\n"
                                  "Disallow: /editor/\n"
                                  "Disallow: /getClinicalTrial\n"
                                  "\n"
                                  "Sitemap: {}/sitemap.xml\n",
                                  public_url_),
                      "text/plain; charset=utf-8");
}

void DiscoveryHandlers::Sitemap(const HttpRequest& /*request*/, HttpResponse& response) {
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<std::int64_t> studies = lease->store().Count();
  if (!studies.ok()) return SendError(response, 500, studies.status().message());
  const std::int64_t files = SitemapFiles(*studies);
  if (files == 0) return SendUrlSet(response, *lease, 0, *studies, true);
  pugi::xml_document document;
  pugi::xml_node index = document.append_child("sitemapindex");
  index.append_attribute("xmlns") = kSitemapNamespace;
  for (std::int64_t file = 1; file <= files; ++file) {
    index.append_child("sitemap").append_child("loc").text().set(
        fmt::format("{}/sitemaps/{}.xml", public_url_, file).c_str());
  }
  SendXml(response, document);
}

void DiscoveryHandlers::SitemapFile(const HttpRequest& request, HttpResponse& response) {
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<std::int64_t> studies = lease->store().Count();
  if (!studies.ok()) return SendError(response, 500, studies.status().message());
  const std::string& number = request.PathGroup(1);
  const std::int64_t file = number.size() > 6 ? 0 : std::stoll(number);
  if (file < 1 || file > SitemapFiles(*studies)) {
    return SendError(response, 404,
                     "no sitemap file " + number + " (see /sitemap.xml for the files there are)");
  }
  SendUrlSet(response, *lease, (file - 1) * kSitemapStudiesPerFile, kSitemapStudiesPerFile,
             file == 1);
}

void DiscoveryHandlers::SendUrlSet(HttpResponse& response, ReaderPool::Lease& lease,
                                   std::int64_t offset, std::int64_t limit, bool with_home) {
  Result<std::vector<StudyStore::ListedStudy>> listed = lease.store().ListStudies(offset, limit);
  if (!listed.ok()) return SendError(response, 500, listed.status().message());
  pugi::xml_document document;
  pugi::xml_node set = document.append_child("urlset");
  set.append_attribute("xmlns") = kSitemapNamespace;
  if (with_home) AddUrl(set, public_url_ + "/", "");
  for (const StudyStore::ListedStudy& study : *listed) {
    const std::string page = public_url_ + "/study/" + study.nct_id;
    AddUrl(set, page, study.last_update_post_date);
    AddUrl(set, page + "/plain", study.last_update_post_date);
  }
  SendXml(response, document);
}

}  // namespace trialfinder
