#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ClientConfig.h"
#include "Transport.h"

namespace kcicd::kestra {

// One element of POST /flows/validate's answer (Kestra's ValidateConstraintViolation).
struct ValidateConstraintViolation {
  int index = 0;
  std::optional<std::string> flow;
  std::optional<std::string> ns;  // "namespace"
  std::optional<std::string> constraints;
  std::optional<std::string> filename;
  std::vector<std::string> warnings;
  std::vector<std::string> infos;
  std::vector<std::string> deprecationPaths;
  bool outdated = false;

  // Kestra leaves constraints null (or "" in some 1.x builds) for a valid flow.
  bool valid() const { return !constraints || constraints->empty(); }
  // "namespace.flow", else flow, else the index (Kestra's getIdentity()).
  std::string identity() const;
};

// A flow as GET /flows/{namespace} lists it.
struct FlowSummary {
  std::string id;
  std::string ns;
  int revision = 0;
  std::optional<std::string> source;  // when the server included it
};

struct FlowRef {
  std::string id;
  std::string ns;
};

// What POST /flows/{namespace} did. Created and updated are told apart by listing the namespace just
// before the update (Kestra's answer does not say); deleted flows are those the answer marks deleted.
struct NamespaceUpdateResult {
  std::vector<FlowRef> created;
  std::vector<FlowRef> updated;
  std::vector<FlowRef> deleted;
  std::size_t total() const { return created.size() + updated.size() + deleted.size(); }
};

// The Kestra flows API. Every failure throws: HttpError for a non-2xx answer (after retries), RemoteError
// for network/TLS failures and malformed answers. Not thread-safe (one keep-alive connection).
class KestraClient {
 public:
  using Sleeper = std::function<void(std::chrono::milliseconds)>;
  explicit KestraClient(ClientConfig config, Sleeper sleeper = {});

  // POST /api/v1/{tenant}/flows/validate, application/x-yaml, sources joined by "\n---\n".
  std::vector<ValidateConstraintViolation> validateFlows(const std::vector<std::string>& sources);
  // GET /api/v1/{tenant}/flows/{namespace}: flows of exactly that namespace.
  std::vector<FlowSummary> listFlows(const std::string& ns);
  // GET /api/v1/{tenant}/flows/{namespace}/{id}?source=true: the stored source, nullopt when 404.
  std::optional<std::string> flowSource(const std::string& ns, const std::string& id);
  // POST /api/v1/{tenant}/flows/{namespace}?override=…&delete=…, application/x-yaml.
  NamespaceUpdateResult updateNamespace(const std::string& ns, const std::vector<std::string>& sources,
                                        bool deleteMissing, bool overrideNamespaces);

  const ClientConfig& config() const { return config_; }
  int requests() const { return requests_; }  // HTTP attempts made, retries included

 private:
  HttpResponse execute(const HttpRequest& request, RequestKind kind);
  // `note` ends the message (attempts made, whether an update may have been applied).
  [[noreturn]] void fail(const HttpRequest& request, const HttpResponse& response, const std::string& note = "") const;

  ClientConfig config_;
  std::unique_ptr<Transport> transport_;
  Sleeper sleeper_;
  int requests_ = 0;
};

}  // namespace kcicd::kestra
