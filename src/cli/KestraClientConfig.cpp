#include "KestraClientConfig.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "flow/FlowFiles.h"
#include "flow/Patterns.h"
#include "runtime/Base64.h"
#include "runtime/Errors.h"

namespace kcicd::cli {

namespace {

std::chrono::milliseconds timeout(double seconds, const char* flag) {
  if (!std::isfinite(seconds) || seconds <= 0 || seconds > 86400)
    throw UsageError(std::string(flag) + " must be a number of seconds between 0 and 86400");
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// Kestra's --user: split on ':', the first token is the user, the rest the password.
kestra::Auth basic(const std::string& userPassword, const std::string& what) {
  auto colon = userPassword.find(':');
  if (colon == std::string::npos || colon == 0)
    throw UsageError(what + " must be user:password");
  kestra::Auth auth;
  auth.kind = kestra::Auth::Kind::Basic;
  auth.user = userPassword.substr(0, colon);
  auth.password = userPassword.substr(colon + 1);
  return auth;
}

kestra::Auth resolveAuth(Context& ctx, const ApiOptions& o) {
  if (!o.apiToken.empty()) {
    ctx.secrets.addFlagValue(o.apiToken, "--api-token");
    return {kestra::Auth::Kind::Bearer, "", "", o.apiToken};
  }
  if (!o.user.empty()) {
    if (auto colon = o.user.find(':'); colon != std::string::npos) ctx.secrets.addFlagValue(o.user.substr(colon + 1), "--user password");
    return basic(o.user, "--user");
  }
  if (auto token = ctx.secrets.get(secrets::KestraApiToken)) return {kestra::Auth::Kind::Bearer, "", "", *token};
  if (auto user = ctx.secrets.get(secrets::KestraUser)) {
    if (user->find(':') != std::string::npos) return basic(*user, "KESTRA_USER");
    auto password = ctx.secrets.get(secrets::KestraPassword);
    if (!password) throw UsageError("KESTRA_USER is set but KESTRA_PASSWORD is not (or give KESTRA_USER as user:password)");
    return basic(*user + ":" + *password, "KESTRA_USER");
  }
  if (auto token = ctx.secrets.get(secrets::KestractlToken)) return {kestra::Auth::Kind::Bearer, "", "", *token};
  if (auto user = ctx.secrets.get(secrets::KestractlUsername)) {
    auto password = ctx.secrets.get(secrets::KestractlPassword);
    if (!password) throw UsageError("KESTRACTL_USERNAME is set but KESTRACTL_PASSWORD is not");
    kestra::Auth auth{kestra::Auth::Kind::Basic, *user, *password, ""};
    return auth;
  }
  return {};
}

// --server and --tenant, from the flag, else KESTRA_SERVER / KESTRA_TENANT (CLI11 reads those), else
// kestractl's KESTRACTL_HOST / KESTRACTL_TENANT, else the default.
std::string fromKestractl(const Context& ctx, const CLI::Option* option, const char* variable,
                          const std::string& value) {
  if (!option || option->count() > 0) return value;  // no option: the caller set the value itself
  auto kestractl = ctx.env.get(variable);
  return kestractl && !kestractl->empty() ? *kestractl : value;
}

// A --header is how a custom credential reaches the server (X-Api-Key, an Authorization with another
// scheme): its value is a secret, and so is what follows the scheme ("Bearer <token>"). Values under
// 4 characters are flags ("1", "yes"), not credentials: masking them would blank every "1" of the output.
void registerHeaderValue(Context& ctx, const std::string& name, const std::string& value) {
  constexpr std::size_t kFlagLength = 4;
  if (value.size() < kFlagLength) return;
  std::string what = "--header " + name;
  ctx.secrets.addFlagValue(value, what);
  auto space = value.find(' ');
  if (space != std::string::npos && value.size() - space - 1 >= kFlagLength)
    ctx.secrets.addFlagValue(value.substr(space + 1), what);
}

// HTTP(S)_PROXY=http://user:password@host: the password, and the Proxy-Authorization header made of it
// (a proxy's error page may echo it).
void registerProxyCredentials(Context& ctx, const kestra::Proxy& proxy) {
  if (proxy.password.empty()) return;
  ctx.secrets.addFlagValue(proxy.password, "the proxy password");
  ctx.secrets.addFlagValue(base64::encode(proxy.user + ":" + proxy.password), "the proxy password");
}

}  // namespace

kestra::ClientConfig makeClientConfig(Context& ctx, const ApiOptions& o) {
  kestra::ClientConfig config;
  config.server = fromKestractl(ctx, o.serverOption, "KESTRACTL_HOST", o.server);
  while (config.server.size() > 1 && config.server.back() == '/') config.server.pop_back();
  if (o.noTenant) {
    config.tenant.reset();
  } else {
    std::string tenant = fromKestractl(ctx, o.tenantOption, "KESTRACTL_TENANT", o.tenant);
    if (tenant.empty()) throw UsageError("--tenant (KESTRA_TENANT) must not be empty; use --no-tenant for Kestra ≤ 0.22");
    // Kestra's tenant id pattern (flow/Patterns.h): `..` or `a/b` never reach the API paths.
    if (!flow::patterns::matches(flow::patterns::kTenantId, tenant))
      throw UsageError("--tenant (KESTRA_TENANT, KESTRACTL_TENANT) '" + tenant +
                       "' is not a Kestra tenant id: a lower-case letter or digit, then lower-case letters, digits, "
                       "'_' or '-'");
    config.tenant = tenant;
  }
  config.auth = resolveAuth(ctx, o);
  if (config.auth.kind == kestra::Auth::Kind::Basic)
    ctx.secrets.addFlagValue(base64::encode(config.auth.user + ":" + config.auth.password), "the basic-auth header");
  for (const auto& header : o.headers) {
    auto sep = header.find_first_of("=:");
    std::string name = sep == std::string::npos ? "" : header.substr(0, sep);
    if (name.empty() || name.find_first_of(" \t\r\n") != std::string::npos)
      throw UsageError("--header '" + header + "' must be Name=Value");
    std::string value = header.substr(sep + 1);
    auto begin = value.find_first_not_of(' ');
    value = begin == std::string::npos ? "" : value.substr(begin);
    if (value.find_first_of("\r\n") != std::string::npos)
      throw UsageError("--header '" + name + "': the value must be on one line");
    registerHeaderValue(ctx, name, value);
    config.headers.emplace_back(name, value);
  }
  config.connectTimeout = timeout(o.connectTimeout, "--connect-timeout");
  config.readTimeout = timeout(o.readTimeout, "--read-timeout");
  config.requestTimeout = timeout(o.timeout, "--timeout");
  config.caFile = o.caCert;
  config.insecure = o.insecure;
  if (o.insecure && config.server.rfind("https://", 0) == 0)
    ctx.console->log(LogLevel::Warn, "TLS certificate and host name verification is disabled for " +
                                         maskUrlCredentials(config.server) + " (--insecure)");
  config.maxResponseBytes = o.maxResponseSize;
  kestra::applyProxyEnvironment(config, ctx.env);
  for (const auto* proxy : {&config.httpProxy, &config.httpsProxy})
    if (*proxy) registerProxyCredentials(ctx, **proxy);
  return config;
}

std::vector<std::string> readFlowSources(const std::vector<std::filesystem::path>& files, std::uint64_t maxBytes) {
  std::vector<std::string> sources;
  sources.reserve(files.size());
  for (const auto& file : files) {
    flow::FlowFileText read = flow::readFlowFile(file, maxBytes);
    if (read.status == flow::FlowFileText::Status::TooLarge)
      throw UsageError("flow file '" + file.string() + "': " + read.problem);
    if (read.status != flow::FlowFileText::Status::Ok)
      throw UsageError("cannot read flow file '" + file.string() + "': " + read.problem);
    sources.push_back(std::move(read.text));
  }
  return sources;
}

}  // namespace kcicd::cli
