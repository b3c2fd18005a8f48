#pragma once
// The boundary between kestra-cicd and its network module (libkcicd-net.so, Poco's HTTP and TLS),
// loaded by TransportLoader.cpp only when a command talks to a server. Both sides share the one
// libstdc++, so the module hands out an ordinary Transport and its errors cross as the usual
// exceptions (TransportFailure, UsageError, RemoteError).
#include "Transport.h"

namespace kcicd::kestra {

// The module's one exported function: a new transport for `config` (the caller owns it); throws as
// HttpTransport's constructor does.
using OpenNetTransport = Transport* (*)(const ClientConfig& config);
inline constexpr const char* kOpenNetTransport = "kcicd_open_net_transport";

}  // namespace kcicd::kestra
