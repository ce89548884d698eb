// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// HttpFetcher over libcurl's easy interface: one handle, reused, so that
// the connection (and its TLS session) stays open from page to page.

#include <curl/curl.h>

#include <cctype>
#include <mutex>
#include <string>

#include "trialfinder/registry_sync.h"

namespace trialfinder {
namespace {

// curl_global_init is not thread-safe before curl 7.84; call it once.
void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Bodies larger than this are refused: a page of 1,000 studies with results
// is about 60 MB.
constexpr std::size_t kMaxBody = std::size_t{512} * 1024 * 1024;

struct Transfer {
  std::string body;
  std::string retry_after;
  bool too_large = false;
};

std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->body.size() + bytes > kMaxBody) {
    transfer->too_large = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

std::string Trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

std::size_t ReadHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string name = line.substr(0, kName.size());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == kName) transfer->retry_after = Trim(line.substr(kName.size()));
  }
  return size * count;
}

class CurlFetcher final : public HttpFetcher {
 public:
  CurlFetcher(std::chrono::milliseconds timeout, std::string user_agent)
      : timeout_(timeout), user_agent_(std::move(user_agent)) {
    InitCurlOnce();
    handle_ = curl_easy_init();
  }
  ~CurlFetcher() override { curl_easy_cleanup(handle_); }
  CurlFetcher(const CurlFetcher&) = delete;
  CurlFetcher& operator=(const CurlFetcher&) = delete;

  Result<HttpReply> Get(const std::string& url) override {
    if (handle_ == nullptr) return Status::Internal("libcurl could not make a handle");
    Transfer transfer;
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_reset(handle_);
    curl_easy_setopt(handle_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(handle_, CURLOPT_USERAGENT, user_agent_.c_str());
    curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<long long>(timeout_.count(), 30000)));
    curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle_, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(handle_, CURLOPT_MAXREDIRS, 5L);
    // http and https only, redirects included: never file:// or others.
    curl_easy_setopt(handle_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle_, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl decodes
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle_, CURLOPT_HEADERFUNCTION, ReadHeader);
    curl_easy_setopt(handle_, CURLOPT_HEADERDATA, &transfer);
    const CURLcode code = curl_easy_perform(handle_);
    if (transfer.too_large) {
      return Status::IoError(url + ": answer larger than " + std::to_string(kMaxBody >> 20) +
                             " MiB");
    }
    if (code != CURLE_OK) {
      return Status::IoError(url + ": " + (error[0] != '\0' ? error : curl_easy_strerror(code)));
    }
    HttpReply reply;
    curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &reply.status);
    reply.body = std::move(transfer.body);
    reply.retry_after = std::move(transfer.retry_after);
    return reply;
  }

 private:
  std::chrono::milliseconds timeout_;
  std::string user_agent_;
  CURL* handle_ = nullptr;
};

}  // namespace

std::unique_ptr<HttpFetcher> MakeCurlFetcher(std::chrono::milliseconds timeout,
                                             const std::string& user_agent) {
  return std::make_unique<CurlFetcher>(timeout, user_agent);
}

}  // namespace trialfinder
