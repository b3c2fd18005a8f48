#pragma once
// The boundary between kestra-cicd and its network module (libkcicd-net.so). Nothing thrown crosses
// it: the executable carries its own static C++ runtime while the module's Poco needs the shared one,
// and an exception raised by one runtime cannot be caught by the other (it aborts). Errors cross as
// NetError values, and only types whose code is inline (strings, vectors, optionals) cross at all.
#include <string>

#include "Transport.h"
#include "runtime/ExitCode.h"

namespace kcicd::kestra {

struct NetError {
  enum class Kind { None, Command, Transport };
  Kind kind = Kind::None;
  ExitCode code = ExitCode::Remote;  // Command: the CommandError's exit code
  AttemptOutcome outcome{};          // Transport: the TransportFailure's outcome
  std::string message;
};

// The module's transport: HttpTransport with every exception caught and returned.
class NetTransport {
 public:
  virtual ~NetTransport() = default;
  // False with `error` set when HttpTransport::send threw.
  virtual bool send(const HttpRequest& request, RequestKind kind, HttpResponse& response,
                    NetError& error) noexcept = 0;
  virtual const std::string& origin() const noexcept = 0;
  virtual const std::string& via() const noexcept = 0;
};

// The module's one exported function: a transport, or nullptr with `error` set.
using OpenNetTransport = NetTransport* (*)(const ClientConfig* config, NetError* error) noexcept;
inline constexpr const char* kOpenNetTransport = "kcicd_open_net_transport";

}  // namespace kcicd::kestra
