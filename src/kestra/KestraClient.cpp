#include "KestraClient.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <random>
#include <thread>

#include "ApiPath.h"
#include "Errors.h"
#include "FlowDocuments.h"
#include "Multipart.h"

namespace kcicd::kestra {

namespace {

using nlohmann::json;

std::optional<std::string> optionalString(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::vector<std::string> stringList(const json& object, const char* name) {
  std::vector<std::string> out;
  auto it = object.find(name);
  if (it != object.end() && it->is_array())
    for (const auto& item : *it)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

json parseJson(const HttpRequest& request, const HttpResponse& response, const std::string& origin) {
  auto value = json::parse(response.body, nullptr, false);
  if (value.is_discarded())
    throw RemoteError("malformed JSON in the answer of " + origin + " to " + request.method + " " +
                      request.target + " (" + std::to_string(response.body.size()) + " bytes, HTTP " +
                      std::to_string(response.status) + ")");
  return value;
}

json expectArray(const json& value, const HttpRequest& request, const std::string& origin) {
  if (!value.is_array())
    throw RemoteError("unexpected answer of " + origin + " to " + request.method + " " + request.target +
                      ": a JSON array was expected");
  return value;
}

}  // namespace

std::string ValidateConstraintViolation::identity() const {
  if (ns && flow) return *ns + "." + *flow;
  if (flow) return *flow;
  if (filename) return *filename;
  return std::to_string(index);
}

KestraClient::KestraClient(ClientConfig config, Sleeper sleeper)
    : config_(std::move(config)), transport_(openTransport(config_)), sleeper_(std::move(sleeper)) {
  if (!sleeper_) sleeper_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

KestraClient::KestraClient(ClientConfig config, std::unique_ptr<Transport> transport, Sleeper sleeper)
    : config_(std::move(config)), transport_(std::move(transport)), sleeper_(std::move(sleeper)) {
  if (!sleeper_) sleeper_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

HttpResponse KestraClient::execute(const HttpRequest& request, RequestKind kind) {
  static thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  for (int attempt = 1;; ++attempt) {
    ++requests_;
    HttpResponse response;
    try {
      response = transport_->send(request, kind);
    } catch (const TransportFailure& failure) {
      if (config_.retry.shouldRetry(kind, failure.outcome(), attempt)) {
        sleeper_(config_.retry.delay(attempt, jitter(random)));
        continue;
      }
      std::string suffix = attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : "";
      if (kind == RequestKind::Write && failure.outcome() == AttemptOutcome::SendOrReadFailed)
        suffix += "; the update may or may not have been applied: check the namespace";
      throw RemoteError(std::string(failure.what()) + suffix);
    }
    bool gateway = response.status == 502 || response.status == 503 || response.status == 504;
    auto outcome = response.bodySent ? AttemptOutcome::Gateway : AttemptOutcome::GatewayBeforeBody;
    if (gateway && config_.retry.shouldRetry(kind, outcome, attempt)) {
      sleeper_(config_.retry.delay(attempt, jitter(random)));
      continue;
    }
    if (response.status < 200 || response.status >= 300) {
      std::string note = attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : "";
      if (gateway && kind == RequestKind::Write && response.bodySent)
        note += "; the update may or may not have been applied: check the namespace";
      fail(request, response, note);
    }
    return response;
  }
}

void KestraClient::fail(const HttpRequest& request, const HttpResponse& response, const std::string& note) const {
  ApiError error = parseApiError(response.status, response.reason, response.body);
  std::string head = request.method + " " + transport_->origin() + request.target.substr(0, request.target.find('?')) +
                     " → HTTP " + std::to_string(response.status);
  std::string message;
  switch (response.status) {
    case 401:
      message = config_.auth.kind == Auth::Kind::None
                    ? head + ": the server requires authentication and none was sent; set KESTRA_USER and "
                             "KESTRA_PASSWORD (basic auth, mandatory since Kestra 0.24) or KESTRA_API_TOKEN"
                    : head + ": the server rejected the credentials (" + config_.auth.describe() +
                          "); check KESTRA_USER/KESTRA_PASSWORD or KESTRA_API_TOKEN";
      break;
    case 400:
      message = head + " " + response.reason + ": " + error.summary();
      if (config_.tenant && *config_.tenant != "main")
        message += "; Kestra OSS accepts only the tenant 'main' (--tenant '" + *config_.tenant + "')";
      break;
    case 403:
      message = head + ": forbidden for " + config_.auth.describe() + " (" + error.summary() + ")";
      break;
    case 404:
      message = head + ": " + error.summary() + "; " +
                (config_.tenant ? "is the tenant right (--tenant '" + *config_.tenant +
                                      "')? Kestra ≤ 0.22 has no tenant in API paths: use --no-tenant"
                                : "Kestra ≥ 0.23 has a tenant in API paths: drop --no-tenant (OSS uses 'main')");
      break;
    case 407:
      message = head + ": proxy authentication failed" +
                (transport_->via().empty() ? "" : " (" + transport_->via().substr(1) + ")") +
                "; give the credentials in the proxy URL (http://user:password@host:port)";
      break;
    default:
      message = head + " " + response.reason + ": " + error.summary();
  }
  throw HttpError(message + note, std::move(error));
}

std::vector<ValidateConstraintViolation> KestraClient::validateFlows(const std::vector<std::string>& sources) {
  HttpRequest request{"POST", apiPath(config_.tenant, {"flows", "validate"}), "application/x-yaml",
                      joinSources(sources)};
  HttpResponse response = execute(request, RequestKind::Idempotent);
  json list = expectArray(parseJson(request, response, transport_->origin()), request, transport_->origin());
  std::vector<ValidateConstraintViolation> results;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& item = list[i];
    if (!item.is_object()) continue;
    ValidateConstraintViolation v;
    v.index = item.contains("index") && item["index"].is_number_integer() ? item["index"].get<int>()
                                                                           : static_cast<int>(i);
    v.flow = optionalString(item, "flow");
    v.ns = optionalString(item, "namespace");
    v.constraints = optionalString(item, "constraints");
    v.filename = optionalString(item, "filename");
    v.warnings = stringList(item, "warnings");
    v.infos = stringList(item, "infos");
    v.deprecationPaths = stringList(item, "deprecationPaths");
    v.outdated = item.value("outdated", false);
    results.push_back(std::move(v));
  }
  return results;
}

std::vector<FlowSummary> KestraClient::listFlows(const std::string& ns) {
  HttpRequest request{"GET", apiPath(config_.tenant, {"flows", ns}), "", ""};
  HttpResponse response = execute(request, RequestKind::Idempotent);
  json list = expectArray(parseJson(request, response, transport_->origin()), request, transport_->origin());
  std::vector<FlowSummary> flows;
  for (const json& item : list) {
    if (!item.is_object() || !optionalString(item, "id")) continue;
    FlowSummary flow;
    flow.id = item["id"].get<std::string>();
    flow.ns = optionalString(item, "namespace").value_or(ns);
    if (auto it = item.find("revision"); it != item.end() && it->is_number_integer()) flow.revision = it->get<int>();
    flows.push_back(std::move(flow));
  }
  return flows;
}

namespace {

StoredFlow storedFlow(const json& item, const HttpRequest& request, const std::string& origin) {
  auto id = item.is_object() ? optionalString(item, "id") : std::nullopt;
  auto ns = id ? optionalString(item, "namespace") : std::nullopt;
  if (!id || !ns)
    throw RemoteError("unexpected answer of " + origin + " to " + request.method + " " + request.target +
                      ": a flow with an id and a namespace was expected");
  StoredFlow flow{*id, *ns, 0, optionalString(item, "source").value_or("")};
  if (auto it = item.find("revision"); it != item.end() && it->is_number_integer()) flow.revision = it->get<int>();
  return flow;
}

}  // namespace

std::optional<StoredFlow> KestraClient::getFlow(const std::string& ns, const std::string& id,
                                                std::optional<int> revision) {
  // allowDeleted defaults to false in Kestra's controller, but the 1.3.0 OpenAPI spec marks it required.
  std::vector<std::pair<std::string, std::string>> query{{"source", "true"}, {"allowDeleted", "false"}};
  if (revision) query.emplace_back("revision", std::to_string(*revision));
  HttpRequest request{"GET", apiPath(config_.tenant, {"flows", ns, id}) + queryString(query), "", ""};
  try {
    HttpResponse response = execute(request, RequestKind::Idempotent);
    json body = parseJson(request, response, transport_->origin());
    StoredFlow flow = storedFlow(body, request, transport_->origin());
    if (!optionalString(body, "source"))
      throw RemoteError("the answer of " + transport_->origin() + " to GET " + request.target + " has no source");
    return flow;
  } catch (const HttpError& e) {
    if (e.status() == 404) return std::nullopt;
    throw;
  }
}

std::vector<StoredFlow> KestraClient::revisions(const std::string& ns, const std::string& id) {
  // allowDelete defaults to false in the controller; the 1.3.0 OpenAPI spec marks it required.
  HttpRequest request{"GET", apiPath(config_.tenant, {"flows", ns, id, "revisions"}) +
                                 queryString({{"allowDelete", "false"}}),
                      "", ""};
  HttpResponse response = execute(request, RequestKind::Idempotent);
  json list = expectArray(parseJson(request, response, transport_->origin()), request, transport_->origin());
  std::vector<StoredFlow> out;
  for (const json& item : list) out.push_back(storedFlow(item, request, transport_->origin()));
  std::sort(out.begin(), out.end(), [](const StoredFlow& a, const StoredFlow& b) { return a.revision < b.revision; });
  return out;
}

std::optional<std::string> KestraClient::serverVersion() {
  HttpRequest request{"GET", "/api/v1/configs", "", ""};
  try {
    HttpResponse response = execute(request, RequestKind::Idempotent);
    json body = parseJson(request, response, transport_->origin());
    return body.is_object() ? optionalString(body, "version") : std::nullopt;
  } catch (const HttpError& e) {
    if (e.status() == 404) return std::nullopt;
    throw;
  }
}

StoredFlow KestraClient::createFlow(const std::string& source) {
  HttpRequest request{"POST", apiPath(config_.tenant, {"flows"}), "application/x-yaml", source};
  HttpResponse response = execute(request, RequestKind::Write);
  return storedFlow(parseJson(request, response, transport_->origin()), request, transport_->origin());
}

StoredFlow KestraClient::updateFlow(const std::string& ns, const std::string& id, const std::string& source) {
  // Idempotent: sending the same source again makes no new revision.
  HttpRequest request{"PUT", apiPath(config_.tenant, {"flows", ns, id}), "application/x-yaml", source};
  HttpResponse response = execute(request, RequestKind::Idempotent);
  return storedFlow(parseJson(request, response, transport_->origin()), request, transport_->origin());
}

bool KestraClient::deleteFlow(const std::string& ns, const std::string& id) {
  HttpRequest request{"DELETE", apiPath(config_.tenant, {"flows", ns, id}), "", ""};
  try {
    execute(request, RequestKind::Write);
    return true;
  } catch (const HttpError& e) {
    if (e.status() == 404) return false;
    throw;
  }
}

namespace {

std::string filesPathQuery(const std::string& path) { return queryString({{"path", path}}); }

// The part's file name: the path's last component. Kestra unpacks an upload whose file name ends with
// ".zip" into the namespace instead of storing it (NamespaceFileController.innerCreateNamespaceFile, commit
// 0a46f3b4); the JVM CLI sent the local name as it is, so its `archive.zip` was unpacked. A file is stored as
// it is here: such a name gets a suffix the server ignores.
std::string partFilename(const std::string& path) {
  std::string name = path.substr(path.rfind('/') + 1);
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".zip") == 0) name += ".upload";
  return name.empty() ? "file" : name;
}

}  // namespace

std::optional<std::vector<NamespaceFileEntry>> KestraClient::listNamespaceDirectory(const std::string& ns,
                                                                                     const std::string& path) {
  HttpRequest request{"GET", apiPath(config_.tenant, {"namespaces", ns, "files", "directory"}) + filesPathQuery(path),
                      "", ""};
  HttpResponse response;
  try {
    response = execute(request, RequestKind::Idempotent);
  } catch (const HttpError& e) {
    // Kestra creates the root when it is listed: a 404 there means a wrong tenant or no such route.
    if (e.status() == 404 && path != "/") return std::nullopt;
    throw;
  }
  json list = expectArray(parseJson(request, response, transport_->origin()), request, transport_->origin());
  std::vector<NamespaceFileEntry> out;
  for (const json& item : list) {
    auto name = item.is_object() ? optionalString(item, "fileName") : std::nullopt;
    if (!name || name->empty()) continue;
    NamespaceFileEntry entry{*name, optionalString(item, "type") == "Directory", 0};
    if (auto it = item.find("size"); it != item.end() && it->is_number_unsigned()) entry.size = it->get<std::uint64_t>();
    out.push_back(std::move(entry));
  }
  return out;
}

std::optional<std::string> KestraClient::getNamespaceFile(const std::string& ns, const std::string& path) {
  HttpRequest request{"GET", apiPath(config_.tenant, {"namespaces", ns, "files"}) + filesPathQuery(path), "", ""};
  try {
    return execute(request, RequestKind::Idempotent).body;
  } catch (const HttpError& e) {
    if (e.status() == 404) return std::nullopt;
    throw;
  }
}

HttpRequest KestraClient::namespaceFileUpload(const std::string& ns, const std::string& path,
                                              const std::string& content) {
  std::string boundary = randomBoundary();
  while (content.find(boundary) != std::string::npos) boundary = randomBoundary();
  MultipartFile part = multipartFile("fileContent", partFilename(path), boundary);
  HttpRequest request{"POST", apiPath(config_.tenant, {"namespaces", ns, "files"}) + filesPathQuery(path),
                      part.contentType, std::move(part.head)};
  request.bodyTail = std::move(part.tail);
  return request;
}

void KestraClient::uploadNamespaceFile(const std::string& ns, const std::string& path, const std::string& file,
                                       std::uint64_t size) {
  HttpRequest request = namespaceFileUpload(ns, path, "");
  request.bodyFile = file;
  request.bodyFileSize = size;
  // Idempotent: the same bytes to the same path leave the same file.
  execute(request, RequestKind::Idempotent);
}

void KestraClient::writeNamespaceFile(const std::string& ns, const std::string& path, const std::string& bytes) {
  HttpRequest request = namespaceFileUpload(ns, path, bytes);
  request.body += bytes;
  execute(request, RequestKind::Idempotent);
}

void KestraClient::deleteNamespaceFile(const std::string& ns, const std::string& path) {
  HttpRequest request{"DELETE", apiPath(config_.tenant, {"namespaces", ns, "files"}) + filesPathQuery(path), "", ""};
  execute(request, RequestKind::Idempotent);
}

}  // namespace kcicd::kestra
