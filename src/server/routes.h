// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#ifndef TRIALFINDER_SERVER_ROUTES_H_
#define TRIALFINDER_SERVER_ROUTES_H_

#include <httplib.h>

#include "server/api.h"
#include "server/pages.h"

namespace trialfinder {

// Binds every route of the server. routes.cc is the one place that lists
// them, so the whole HTTP surface is seen at a glance.
void RegisterRoutes(httplib::Server& server, ApiHandlers& api, PageHandlers& pages);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_ROUTES_H_
