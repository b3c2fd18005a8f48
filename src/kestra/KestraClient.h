#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <memory>

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
};

// A flow as the server stores it: GET /flows/{namespace}/{id}?source=true, or the answer of a write.
struct StoredFlow {
  std::string id;
  std::string ns;
  int revision = 0;
  std::string source;  // empty in the answer of a write when the server leaves it out
};

// One entry of a namespace folder, as GET …/files/directory lists it (FileAttributes: fileName, type, size).
struct NamespaceFileEntry {
  std::string name;  // the last path component
  bool directory = false;
  std::uint64_t size = 0;
};

// The Kestra flows API. Every failure throws: HttpError for a non-2xx answer (after retries), RemoteError
// for network/TLS failures and malformed answers. Not thread-safe (one keep-alive connection).
class KestraClient {
 public:
  using Sleeper = std::function<void(std::chrono::milliseconds)>;
  explicit KestraClient(ClientConfig config, Sleeper sleeper = {});
  // Over a given transport (unit tests).
  KestraClient(ClientConfig config, std::unique_ptr<Transport> transport, Sleeper sleeper = {});

  // POST /api/v1/{tenant}/flows/validate, application/x-yaml, sources joined by "\n---\n".
  std::vector<ValidateConstraintViolation> validateFlows(const std::vector<std::string>& sources);
  // GET /api/v1/{tenant}/flows/{namespace}: flows of exactly that namespace.
  std::vector<FlowSummary> listFlows(const std::string& ns);
  // GET /api/v1/{tenant}/flows/{namespace}/{id}?source=true[&revision=N]: nullopt when 404.
  std::optional<StoredFlow> getFlow(const std::string& ns, const std::string& id,
                                    std::optional<int> revision = std::nullopt);
  // GET /api/v1/{tenant}/flows/{namespace}/{id}/revisions?allowDelete=false: every stored revision of a
  // live flow, with its source, oldest first (FlowController.revisions, 1.x). Empty when the flow is unknown.
  std::vector<StoredFlow> revisions(const std::string& ns, const std::string& id);
  // The per-flow writes kestractl's `flows deploy` makes, one flow a request, so no flow text is ever cut
  // by the bulk route's split on "---" (kestra-server-behaviour.md). The server makes a new revision only
  // when the source differs byte for byte.
  // POST /api/v1/{tenant}/flows (application/x-yaml): creates; 422 when the flow exists.
  StoredFlow createFlow(const std::string& source);
  // PUT /api/v1/{tenant}/flows/{namespace}/{id} (application/x-yaml): updates; 404 when missing.
  StoredFlow updateFlow(const std::string& ns, const std::string& id, const std::string& source);
  // DELETE /api/v1/{tenant}/flows/{namespace}/{id}: false when there was no such flow (404).
  bool deleteFlow(const std::string& ns, const std::string& id);

  // Namespace files (NamespaceFileController, kestra-io/kestra commit 0a46f3b4; same routes in the 1.3 and 2.0
  // OpenAPI specs). `path` is absolute within the namespace ("/a/b.txt"), sent as the `path` query value.
  // GET …/namespaces/{ns}/files/directory?path=: the folder's direct children; nullopt when it does not exist
  // (404). The root always exists (the server creates it when listed): a 404 there throws.
  std::optional<std::vector<NamespaceFileEntry>> listNamespaceDirectory(const std::string& ns, const std::string& path);
  // GET …/namespaces/{ns}/files?path=: the file's bytes; nullopt when there is no such file (404).
  std::optional<std::string> getNamespaceFile(const std::string& ns, const std::string& path);
  // POST …/namespaces/{ns}/files?path= (multipart, part `fileContent`): stores `file`'s bytes, streamed from
  // disk, `size` bytes as measured when planned; creates missing folders, overwrites a file.
  void uploadNamespaceFile(const std::string& ns, const std::string& path, const std::string& file, std::uint64_t size);
  // The same route with bytes held in memory (a rollback puts back what it read).
  void writeNamespaceFile(const std::string& ns, const std::string& path, const std::string& bytes);
  // DELETE …/namespaces/{ns}/files?path=: the file or folder with everything under it. Kestra also deletes a
  // folder left empty by it (its "zombie" rule), up to the root.
  void deleteNamespaceFile(const std::string& ns, const std::string& path);

  // GET /api/v1/configs (not tenant-scoped): the server's `version`, e.g. "2.0.13" (MiscController
  // .getConfiguration, 1.x and 2.0). nullopt when the server has no such route (404) or names no version.
  std::optional<std::string> serverVersion();

  const ClientConfig& config() const { return config_; }
  int requests() const { return requests_; }  // HTTP attempts made, retries included

 private:
  HttpResponse execute(const HttpRequest& request, RequestKind kind);
  HttpRequest namespaceFileUpload(const std::string& ns, const std::string& path, const std::string& content);
  // `note` ends the message (attempts made, whether an update may have been applied).
  [[noreturn]] void fail(const HttpRequest& request, const HttpResponse& response, const std::string& note = "") const;

  ClientConfig config_;
  std::unique_ptr<Transport> transport_;
  Sleeper sleeper_;
  int requests_ = 0;
};

}  // namespace kcicd::kestra
