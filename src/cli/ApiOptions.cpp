#include "ApiOptions.h"

#include "SizeOption.h"

namespace kcicd::cli {

void addApiOptions(CLI::App& command, ApiOptions& o) {
  o.serverOption = command.add_option("--server", o.server, "Kestra server URL (else env KESTRACTL_HOST)")
                       ->envname("KESTRA_SERVER")
                       ->capture_default_str();
  o.tenantOption = command
                       .add_option("--tenant", o.tenant,
                                   "Tenant in API paths /api/v1/<tenant>/… (Kestra ≥ 0.23; OSS uses main; else env "
                                   "KESTRACTL_TENANT)")
                       ->envname("KESTRA_TENANT")
                       ->capture_default_str();
  command.add_flag("--no-tenant", o.noTenant, "Use tenant-less /api/v1/… paths (Kestra ≤ 0.22 servers)");
  command.add_option("--api-token", o.apiToken,
                     "Bearer token (prefer env KESTRA_API_TOKEN or SECRET_KESTRA_API_TOKEN, base64)");
  command.add_option("--user", o.user,
                     "Basic auth user:password (prefer env KESTRA_USER + KESTRA_PASSWORD, or their SECRET_ forms)");
  command.add_option("--header,--headers", o.headers, "Extra HTTP header Name=Value (repeatable)");
  command.add_option("--connect-timeout", o.connectTimeout, "Connect timeout in seconds")->capture_default_str();
  command.add_option("--read-timeout", o.readTimeout, "Read timeout in seconds")->capture_default_str();
  command.add_option("--timeout", o.timeout, "Overall limit of one request in seconds, however slowly the answer comes")
      ->capture_default_str();
  command.add_option("--ca-cert", o.caCert, "PEM file of CA certificates to trust for HTTPS")
      ->envname("KESTRA_CA_CERT")
      ->check(CLI::ExistingFile);
  command.add_flag("--insecure", o.insecure, "Do not verify the server's TLS certificate (unsafe)");
  addSizeOption(command, "--max-response-size", o.maxResponseSize,
                "Largest Kestra API answer read, e.g. 64MiB (a larger one is refused, exit 3)");
}

void addWriteOptions(CLI::App& command, WriteOptions& o) {
  command.add_option("--parallel", o.parallel, "Reads and writes (per flow or file) sent at a time (1-16)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  command.add_flag("--no-rollback", o.noRollback,
                   "When a write fails, leave what was written so far instead of restoring it");
}

}  // namespace kcicd::cli
