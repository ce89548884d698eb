// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#ifndef TRIALFINDER_SERVER_ROUTES_H_
#define TRIALFINDER_SERVER_ROUTES_H_

#include <vector>

#include "server/api.h"
#include "server/atom_feed.h"
#include "server/http_server.h"
#include "server/pages.h"
#include "server/sitemap.h"

namespace trialfinder {

// Every route of the server. routes.cc is the one place that lists them,
// so the whole HTTP surface is seen at a glance.
std::vector<HttpRoute> Routes(ApiHandlers& api, PageHandlers& pages, FeedHandlers& feeds,
                              DiscoveryHandlers& discovery);

// Writes an error the server found before a handler ran: JSON for the API,
// an HTML page (`pages`) for the pages. `pages` must outlive the writer.
HttpErrorWriter RouteErrorWriter(PageHandlers& pages);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_ROUTES_H_
