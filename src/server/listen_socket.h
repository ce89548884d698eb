// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The server's listening socket and the text of socket addresses.

#ifndef TRIALFINDER_SERVER_LISTEN_SOCKET_H_
#define TRIALFINDER_SERVER_LISTEN_SOCKET_H_

#include <sys/socket.h>

#include <string>

#include "trialfinder/status.h"

namespace trialfinder {

// A listening TCP socket bound to host:port (port 0: any free port), with
// SO_REUSEADDR and close-on-exec; IoError naming the address and the
// system's reason when it cannot be bound.
Result<int> ListenOn(const std::string& host, int port);

// The port a bound socket listens on; -1 if unknown.
int BoundPort(int fd);

// "127.0.0.1", "::1"; an IPv4 peer of a dual-stack socket as IPv4. "" for
// null or other families.
std::string AddressText(const sockaddr* address);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_LISTEN_SOCKET_H_
