// The network module's one exported symbol; kestra/TransportLoader.cpp finds it with dlsym. Every
// exception stays on this side of the boundary (kestra/NetModule.h).
#include "kestra/NetModule.h"

#include "HttpTransport.h"
#include "runtime/Errors.h"

namespace kcicd::kestra {
namespace {

// Runs `work`; on an exception fills `error` and returns false.
template <typename Work>
bool capture(NetError& error, Work&& work) noexcept {
  try {
    work();
    return true;
  } catch (const TransportFailure& e) {
    error = {NetError::Kind::Transport, ExitCode::Remote, e.outcome(), e.what()};
  } catch (const CommandError& e) {
    error = {NetError::Kind::Command, e.code(), {}, e.what()};
  } catch (const std::exception& e) {
    error = {NetError::Kind::Command, ExitCode::Remote, {}, std::string("network module: ") + e.what()};
  } catch (...) {
    error = {NetError::Kind::Command, ExitCode::Remote, {}, "network module: unknown error"};
  }
  return false;
}

class CapturingTransport final : public NetTransport {
 public:
  explicit CapturingTransport(const ClientConfig& config) : http_(config) {}
  bool send(const HttpRequest& request, RequestKind kind, HttpResponse& response, NetError& error) noexcept override {
    return capture(error, [&] { response = http_.send(request, kind); });
  }
  const std::string& origin() const noexcept override { return http_.origin(); }
  const std::string& via() const noexcept override { return http_.via(); }

 private:
  HttpTransport http_;
};

}  // namespace
}  // namespace kcicd::kestra

extern "C" __attribute__((visibility("default"))) kcicd::kestra::NetTransport* kcicd_open_net_transport(
    const kcicd::kestra::ClientConfig* config, kcicd::kestra::NetError* error) noexcept {
  kcicd::kestra::NetTransport* transport = nullptr;
  kcicd::kestra::capture(*error, [&] { transport = new kcicd::kestra::CapturingTransport(*config); });
  return transport;
}
