// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// gzip for responses (zlib), when the client accepts it. Request bodies are
// never inflated: the server refuses a Content-Encoding on requests.

#ifndef TRIALFINDER_SERVER_GZIP_H_
#define TRIALFINDER_SERVER_GZIP_H_

#include <optional>
#include <string>
#include <string_view>

namespace trialfinder {

// Whether an Accept-Encoding header value accepts gzip ("gzip, br",
// "gzip;q=0.5"; not "gzip;q=0").
bool AcceptsGzip(std::string_view accept_encoding);

// Whether a response of this Content-Type and size is worth compressing:
// text, JSON, CSV, JavaScript or XML of at least 1 kB.
bool WorthCompressing(std::string_view content_type, std::size_t bytes);

// `data` as a gzip stream (zlib's fastest level); nullopt if zlib fails.
std::optional<std::string> GzipCompress(std::string_view data);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_GZIP_H_
