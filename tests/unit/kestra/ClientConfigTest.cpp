#include <catch2/catch_test_macros.hpp>

#include "kestra/ClientConfig.h"
#include "runtime/Errors.h"

using namespace kcicd;
using namespace kcicd::kestra;

TEST_CASE("Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY", "[ClientConfig]") {
  MapEnvironment env{{"HTTPS_PROXY", "http://user:p%40ss@proxy.local:3128"},
                     {"http_proxy", "plain.proxy:8080"},
                     {"NO_PROXY", " localhost, .internal.example ,10.0.0.1:8080"}};
  ClientConfig config;
  applyProxyEnvironment(config, env);
  REQUIRE(config.httpsProxy);
  CHECK(config.httpsProxy->host == "proxy.local");
  CHECK(config.httpsProxy->port == 3128);
  CHECK(config.httpsProxy->user == "user");
  CHECK(config.httpsProxy->password == "p@ss");
  REQUIRE(config.httpProxy);
  CHECK(config.httpProxy->host == "plain.proxy");
  CHECK(config.httpProxy->port == 8080);
  CHECK(config.noProxy == std::vector<std::string>{"localhost", ".internal.example", "10.0.0.1:8080"});
}

TEST_CASE("NO_PROXY matches hosts and domain suffixes", "[ClientConfig]") {
  std::vector<std::string> list{"localhost", ".internal.example", "corp.example", "10.0.0.1:8080"};
  CHECK(bypassesProxy(list, "localhost"));
  CHECK(bypassesProxy(list, "kestra.internal.example"));
  CHECK(bypassesProxy(list, "internal.example"));
  CHECK(bypassesProxy(list, "a.corp.example"));
  CHECK(bypassesProxy(list, "10.0.0.1"));
  CHECK_FALSE(bypassesProxy(list, "notcorp.example"));
  CHECK_FALSE(bypassesProxy(list, "kestra.example"));
  CHECK(bypassesProxy({"*"}, "anything"));
  CHECK_FALSE(bypassesProxy({}, "anything"));
}

TEST_CASE("A malformed proxy variable is a usage error naming it", "[ClientConfig]") {
  MapEnvironment env{{"HTTPS_PROXY", "ftp://proxy:21"}};
  ClientConfig config;
  try {
    applyProxyEnvironment(config, env);
    FAIL("expected a UsageError");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find("HTTPS_PROXY") != std::string::npos);
  }
}

TEST_CASE("Auth describes the method it uses, never the secret", "[ClientConfig]") {
  Auth basic{Auth::Kind::Basic, "admin@example.com", "hunter2", ""};
  CHECK(basic.describe() == "basic auth (user 'admin@example.com')");
  Auth bearer{Auth::Kind::Bearer, "", "", "tok-123"};
  CHECK(bearer.describe().find("tok-123") == std::string::npos);
  CHECK(bearer.describe() == "bearer API token");
  CHECK(Auth{}.describe() == "no credentials");
}

TEST_CASE("Proxy variables are read as curl reads them", "[ClientConfig]") {
  auto parse = [](const std::string& value) {
    MapEnvironment env{{"HTTPS_PROXY", value}};
    ClientConfig config;
    applyProxyEnvironment(config, env);
    REQUIRE(config.httpsProxy);
    return *config.httpsProxy;
  };
  CHECK(parse("proxy.corp:3128").host == "proxy.corp");  // no scheme
  CHECK(parse("proxy.corp").port == 1080);                // no port
  Proxy v6 = parse("http://u%3Ax:p%40ss%2F@[::1]:8888/");
  CHECK(v6.host == "::1");
  CHECK(v6.port == 8888);
  CHECK(v6.user == "u:x");
  CHECK(v6.password == "p@ss/");
  CHECK(parse("https://a@b@proxy:1").host == "proxy");  // the last '@' ends the user info
  for (const char* bad : {"http://:3128", "http://proxy:0", "http://proxy:65536", "http://proxy:12ab",
                          "http://[::1", "socks5://proxy:1080", ""}) {
    MapEnvironment env{{"HTTPS_PROXY", bad}};
    ClientConfig config;
    if (std::string(bad).empty()) {  // an empty variable is unset
      applyProxyEnvironment(config, env);
      CHECK_FALSE(config.httpsProxy);
      continue;
    }
    CHECK_THROWS_AS(applyProxyEnvironment(config, env), UsageError);
  }
}
