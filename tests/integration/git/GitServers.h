#pragma once
// Real Git servers on 127.0.0.1 for the clone tests, each on a free port and stopped (with its
// process group) when the fixture is destroyed:
//  - HttpGitServer: `git http-backend` behind lighttpd (foreground, generated config), basic auth
//    (htpasswd), optionally HTTPS with a self-signed certificate made by openssl, an access log that
//    records each request's Authorization header, and extra lighttpd settings (e.g. url.redirect);
//  - SshGitServer: OpenSSH sshd, key-only auth, its own host key, a test-made authorized_keys;
//  - GitDaemon: `git daemon` for git://.
#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <string>

#include "Process.h"

namespace kcicd::test {

inline void mustRun(const std::vector<std::string>& argv) {
  auto r = run(argv);
  INFO(argv[0] << ": " << r.err);
  REQUIRE(r.exitCode == 0);
}

struct HttpGitServer {
  int port = 0;
  std::string user = "kestra", password = "t0ken-Secret-42";
  std::filesystem::path caCert;  // HTTPS only: the self-signed certificate to trust
  std::filesystem::path accessLog;  // "<request line> auth=<Authorization header or ->" per request
  BackgroundProcess process;

  // Serves every repository under `root` at <url()>/<name>.git; `tls` adds HTTPS; `extraConfig` is
  // appended to lighttpd.conf. One server per `stateDir`.
  HttpGitServer(const std::filesystem::path& root, const std::filesystem::path& stateDir, bool tls = false,
                const std::string& extraConfig = "") {
    port = freePort();
    accessLog = stateDir / "access.log";
    auto htpasswd = stateDir / "htpasswd";
    mustRun({"htpasswd", "-bc", htpasswd.string(), user, password});
    std::string conf =
        "server.modules = (\"mod_redirect\", \"mod_auth\", \"mod_authn_file\", \"mod_alias\", \"mod_setenv\", "
        "\"mod_cgi\", \"mod_accesslog\"" +
        std::string(tls ? ", \"mod_openssl\"" : "") +
        ")\n"
        "server.document-root = \"" + root.string() + "\"\n"
        "server.bind = \"127.0.0.1\"\n"
        "server.port = " + std::to_string(port) + "\n"
        "server.errorlog = \"" + (stateDir / "lighttpd-error.log").string() + "\"\n"
        "server.max-request-size = 0\n"
        "accesslog.filename = \"" + accessLog.string() + "\"\n"
        "accesslog.format = \"%r auth=%{Authorization}i\"\n"
        "alias.url = (\"/git\" => \"/usr/lib/git-core/git-http-backend\")\n"
        "$HTTP[\"url\"] =~ \"^/git\" {\n"
        "  cgi.assign = (\"\" => \"\")\n"
        "  setenv.add-environment = (\"GIT_PROJECT_ROOT\" => \"" + root.string() +
        "\", \"GIT_HTTP_EXPORT_ALL\" => \"\")\n"
        "}\n"
        "auth.backend = \"htpasswd\"\n"
        "auth.backend.htpasswd.userfile = \"" + htpasswd.string() + "\"\n"
        "auth.require = (\"/git\" => (\"method\" => \"basic\", \"realm\" => \"git\", \"require\" => \"valid-user\"))\n";
    if (tls) {
      caCert = stateDir / "cert.pem";
      auto key = stateDir / "key.pem";
      // DNS:127.0.0.1 too: libgit2's mbedTLS 2.28 matches the host name against DNS names only.
      mustRun({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.string(), "-out",
               caCert.string(), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
               "subjectAltName=IP:127.0.0.1,DNS:127.0.0.1,DNS:localhost"});
      conf += "ssl.engine = \"enable\"\nssl.pemfile = \"" + caCert.string() + "\"\nssl.privkey = \"" +
              key.string() + "\"\n";
    }
    conf += extraConfig;
    writeFile(stateDir / "lighttpd.conf", conf);
    process = BackgroundProcess({"lighttpd", "-D", "-f", (stateDir / "lighttpd.conf").string()}, {},
                                stateDir / "lighttpd.out");
    REQUIRE(waitForPort(port));
    scheme = tls ? "https" : "http";
  }
  std::string scheme;
  std::string url(const std::string& repo) const {
    return scheme + "://127.0.0.1:" + std::to_string(port) + "/git/" + repo + ".git";
  }
};

struct SshGitServer {
  int port = 0;
  std::filesystem::path hostKey, knownHosts, authorizedKeys;
  BackgroundProcess process;

  // Accepts the public keys later added with authorize(); serves any absolute path as user root.
  explicit SshGitServer(const std::filesystem::path& stateDir) {
    std::filesystem::create_directories("/run/sshd");
    port = freePort();
    hostKey = stateDir / "host_ed25519";
    mustRun({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.string()});
    authorizedKeys = stateDir / "authorized_keys";
    writeFile(authorizedKeys, "");
    knownHosts = stateDir / "known_hosts";
    writeFile(knownHosts, "[127.0.0.1]:" + std::to_string(port) + " " + readFile(hostKey.string() + ".pub"));
    writeFile(stateDir / "sshd_config",
              "Port " + std::to_string(port) + "\nListenAddress 127.0.0.1\nHostKey " + hostKey.string() +
                  "\nPidFile none\nAuthorizedKeysFile " + authorizedKeys.string() +
                  "\nPubkeyAuthentication yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                  "PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\n");
    process = BackgroundProcess({"/usr/sbin/sshd", "-D", "-e", "-f", (stateDir / "sshd_config").string()}, {},
                                stateDir / "sshd.log");
    REQUIRE(waitForPort(port));
  }
  void authorize(const std::filesystem::path& privateKey) {
    writeFile(authorizedKeys, readFile(authorizedKeys) + readFile(privateKey.string() + ".pub"));
  }
  std::string url(const std::filesystem::path& bareRepo) const {
    return "ssh://root@127.0.0.1:" + std::to_string(port) + bareRepo.string();
  }
};

struct GitDaemon {
  int port = 0;
  BackgroundProcess process;
  GitDaemon(const std::filesystem::path& root, const std::filesystem::path& stateDir) {
    port = freePort();
    process = BackgroundProcess({"git", "daemon", "--reuseaddr", "--base-path=" + root.string(), "--export-all",
                                 "--port=" + std::to_string(port), "--listen=127.0.0.1", root.string()},
                                {}, stateDir / "git-daemon.log");
    REQUIRE(waitForPort(port));
  }
  std::string url(const std::string& repo) const {
    return "git://127.0.0.1:" + std::to_string(port) + "/" + repo + ".git";
  }
};

}  // namespace kcicd::test
