// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/connection_registry.h"

#include <sys/socket.h>

#include <algorithm>

namespace trialfinder {

bool ConnectionRegistry::Unlimited(const std::string& peer) const {
  return std::find(limits_.unlimited.begin(), limits_.unlimited.end(), peer) !=
         limits_.unlimited.end();
}

bool ConnectionRegistry::Allows(const std::string& peer) const {
  if (Unlimited(peer)) return true;
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = by_address_.find(peer);
  return found == by_address_.end() || found->second < limits_.per_address;
}

ConnectionRegistry::Connection* ConnectionRegistry::Open(std::string peer, int fd,
                                                         Clock::time_point now) {
  auto connection = std::make_unique<Connection>();
  connection->peer = std::move(peer);
  connection->fd = fd;
  connection->since = now;
  Connection* handle = connection.get();
  std::lock_guard<std::mutex> lock(mutex_);
  ++by_address_[handle->peer];
  connections_[handle] = std::move(connection);
  return handle;
}

void ConnectionRegistry::Close(Connection* connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = connections_.find(connection);
  if (found == connections_.end()) return;
  auto count = by_address_.find(connection->peer);
  if (count != by_address_.end() && --count->second == 0) by_address_.erase(count);
  connections_.erase(found);
}

void ConnectionRegistry::Receiving(Connection* connection, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  connection->receiving = true;
  connection->since = now;
}

void ConnectionRegistry::Sending(Connection* connection, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  connection->receiving = false;
  connection->since = now;
}

std::size_t ConnectionRegistry::ShutDownOverdue(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t shut = 0;
  for (auto& [handle, connection] : connections_) {
    const auto limit = connection->receiving ? limits_.request_deadline : limits_.response_deadline;
    if (connection->shut_down || connection->fd < 0 || now - connection->since <= limit) continue;
    // Abortive: the response still queued is thrown away with a reset
    // (not left to a client that reads a trickle, in kernel memory, after
    // the server has closed the socket).
    const linger abort{1, 0};
    setsockopt(connection->fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    shutdown(connection->fd, SHUT_RDWR);
    connection->shut_down = true;
    ++shut;
  }
  return shut;
}

std::size_t ConnectionRegistry::open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return connections_.size();
}

}  // namespace trialfinder
