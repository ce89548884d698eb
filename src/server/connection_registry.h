// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The open connections of the HTTP server, what each is doing and since
// when: so that one address cannot hold more than its share of them, and
// so that a client that trickles its request, or reads its response a few
// bytes at a time, is cut off at a deadline. (libmicrohttpd's own timeout
// only closes connections on which nothing moves at all.)

#ifndef TRIALFINDER_SERVER_CONNECTION_REGISTRY_H_
#define TRIALFINDER_SERVER_CONNECTION_REGISTRY_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace trialfinder {

class ConnectionRegistry {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    // Connections at once from one peer address, except `unlimited` ones.
    std::size_t per_address = 64;
    std::vector<std::string> unlimited;
    // A request must arrive in full within this of its start ...
    std::chrono::seconds request_deadline{15};
    // ... and its response be made and sent within this of its arrival.
    std::chrono::seconds response_deadline{120};
  };

  // One open connection; the registry owns it from Open to Close.
  struct Connection {
    std::string peer;
    int fd = -1;
    bool receiving = true;  // else a worker or the client's reading has it
    Clock::time_point since;
    bool shut_down = false;
  };

  explicit ConnectionRegistry(Limits limits) : limits_(std::move(limits)) {}

  // Whether `peer` may open another connection.
  bool Allows(const std::string& peer) const;
  bool Unlimited(const std::string& peer) const;

  // A connection opened (its request starts arriving now); the handle
  // stays valid until Close.
  Connection* Open(std::string peer, int fd, Clock::time_point now = Clock::now());
  void Close(Connection* connection);

  // Its next request starts arriving now / its request has arrived.
  void Receiving(Connection* connection, Clock::time_point now = Clock::now());
  void Sending(Connection* connection, Clock::time_point now = Clock::now());

  // Shuts down (shutdown(2), both ways) the sockets of connections past
  // their deadline, once each; the HTTP library then sees the client gone
  // and closes them. A socket is still open while listed: the library
  // reports a connection closed (Close, under the same lock) before it
  // closes the socket. Returns how many were shut down.
  std::size_t ShutDownOverdue(Clock::time_point now = Clock::now());

  std::size_t open() const;

 private:
  Limits limits_;
  mutable std::mutex mutex_;
  std::map<Connection*, std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::size_t> by_address_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_CONNECTION_REGISTRY_H_
