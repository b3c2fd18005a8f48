#include "KestraServers.h"

#include "runtime/Base64.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace kcicd::test {

namespace fs = std::filesystem;

namespace {
fs::path fakeDir() { return fs::path(KCICD_SOURCE_DIR) / "tests" / "fake-kestra"; }
}  // namespace

FakeKestra::FakeKestra(const std::vector<std::string>& extraArgs) : port_(freePort()), scheme_("http") {
  std::vector<std::string> argv{"node", (fakeDir() / "server.js").string(), "--port", std::to_string(port_),
                                "--user", kUser + ":" + kPassword, "--token", kToken};
  for (std::size_t i = 0; i < extraArgs.size(); ++i) {
    argv.push_back(extraArgs[i]);
    if (extraArgs[i] == "--cert") scheme_ = "https";
    if (extraArgs[i] == "--kestra" && i + 1 < extraArgs.size()) version_ = extraArgs[i + 1].substr(0, 3);
  }
  process_ = BackgroundProcess(argv, {}, logDir_ / "fake.log");
  if (!waitForPort(port_)) throw std::runtime_error("the fake Kestra did not start: " + readFile(logDir_ / "fake.log"));
}

std::string FakeKestra::url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }

nlohmann::json FakeKestra::call(const std::string& method, const std::string& path, const std::string& body) {
  if (scheme_ != "http") throw std::logic_error("control calls need the plain HTTP fake");
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  request.setContentType("application/json");
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::string text;
  Poco::StreamCopier::copyToString(in, text);
  return nlohmann::json::parse(text);
}

nlohmann::json FakeKestra::flows() { return call("GET", "/__fake/flows"); }
nlohmann::json FakeKestra::state() { return call("GET", "/__fake/state"); }
nlohmann::json FakeKestra::requests() { return call("GET", "/__fake/requests"); }
void FakeKestra::seed(const std::string& ns, const std::string& source, const std::string& tenant) {
  auto answer = call("POST", "/__fake/seed",
                     nlohmann::json{{"tenant", tenant}, {"namespace", ns}, {"source", source}}.dump());
  if (!answer.contains("revision")) throw std::runtime_error("the fake refused the seed: " + answer.dump());
}
std::map<std::string, std::string> FakeKestra::files(const std::string& ns, const std::string& tenant) {
  auto state = call("GET", "/__fake/state/files");
  std::map<std::string, std::string> out;
  if (!state.contains(tenant) || !state[tenant].contains(ns)) return out;
  for (const auto& [path, entry] : state[tenant][ns].items())
    if (entry["type"] == "File") out[path] = base64::decode(entry["content"].get<std::string>()).value();
  return out;
}
void FakeKestra::seedFile(const std::string& ns, const std::string& path, const std::string& bytes,
                          const std::string& tenant) {
  auto answer = call("POST", "/__fake/seed-file",
                     nlohmann::json{{"tenant", tenant}, {"namespace", ns}, {"path", path}, {"content", base64::encode(bytes)}}.dump());
  if (answer.contains("message")) throw std::runtime_error("the fake refused the seed: " + answer.dump());
}
void FakeKestra::setFault(const std::string& mode, int count, const std::string& method, int skip,
                          const std::string& path) {
  call("POST", "/__fake/fault",
       nlohmann::json{{"mode", mode}, {"count", count}, {"method", method}, {"skip", skip}, {"path", path}}.dump());
}
void FakeKestra::reset() { call("POST", "/__fake/reset"); }

ContractServer& ContractServer::instance(const std::string& version) {
  static std::map<std::string, std::unique_ptr<ContractServer>> servers;
  auto& server = servers[version];
  if (!server) server.reset(new ContractServer(version));
  return *server;
}

ContractServer::ContractServer(const std::string& version)
    : fake_(std::make_unique<FakeKestra>(std::vector<std::string>{"--kestra", version})) {
  const char* specsDir = std::getenv("KCICD_KESTRA_SPECS_DIR");
  if (specsDir == nullptr || *specsDir == '\0') return;  // no spec: the fake alone, nothing checked
  checksSpec_ = true;
  port_ = freePort();
  fs::path spec = fs::path(specsDir) / (version == "1.3" ? "openapi-1.3.0.yaml" : "openapi-2.0.0-snapshot.yaml");
  if (!fs::exists(spec)) throw std::runtime_error("KCICD_KESTRA_SPECS_DIR has no " + spec.filename().string());
  fs::path prism = fakeDir() / "node_modules" / ".bin" / "prism";
  if (!fs::exists(prism))
    throw std::runtime_error("Prism is not installed: run `npm ci` in tests/fake-kestra (scripts/install-deps.sh does)");
  prism_ = BackgroundProcess({prism.string(), "proxy", "--errors", "-h", "127.0.0.1", "-p", std::to_string(port_),
                              spec.string(), fake_->url()},
                             {}, dir_ / "prism.log");
  if (!waitForPort(port_, std::chrono::seconds(90)))
    throw std::runtime_error("Prism did not start: " + readFile(dir_ / "prism.log"));
  newViolations();
}

std::string ContractServer::url() const {
  return checksSpec_ ? "http://127.0.0.1:" + std::to_string(port_) : fake_->url();
}

std::vector<std::string> ContractServer::newViolations() {
  if (!checksSpec_) return {};
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // Prism logs asynchronously
  std::string log = readFile(dir_ / "prism.log");
  std::vector<std::string> found;
  std::istringstream lines(log.substr(std::min(logOffset_, log.size())));
  logOffset_ = log.size();
  std::string line;
  while (std::getline(lines, line))
    if (line.find("Violation") != std::string::npos || line.find("Request terminated with error") != std::string::npos)
      found.push_back(line);
  return found;
}

RunOptions cliOptions(std::map<std::string, std::string> env) {
  RunOptions options;
  options.env = std::move(env);
  options.env.emplace("KESTRA_CICD_FRAMES", "never");
  for (const char* name : {"WORKING_DIR", "KESTRA_SERVER", "KESTRA_TENANT", "KESTRA_API_TOKEN", "KESTRA_USER",
                           "KESTRA_PASSWORD", "SECRET_KESTRA_API_TOKEN", "SECRET_KESTRA_USER", "SECRET_KESTRA_PASSWORD",
                           "KESTRA_CA_CERT", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY",
                           "no_proxy"})
    if (!options.env.count(name)) options.unsetEnv.push_back(name);
  options.timeout = std::chrono::seconds(60);
  return options;
}

std::map<std::string, std::string> basicAuthEnv() { return {{"KESTRA_USER", kUser}, {"KESTRA_PASSWORD", kPassword}}; }

std::string flowYaml(const std::string& ns, const std::string& id, const std::string& message) {
  return "id: " + id + "\nnamespace: " + ns + "\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n" +
         "    message: " + message + "\n";
}

HttpsFake::HttpsFake(const std::string& subjectAltName) {
  auto gen = run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=kestra-cicd-test",
                  "-addext", "subjectAltName=" + subjectAltName, "-keyout", (dir / "key.pem").string(), "-out",
                  (dir / "cert.pem").string()});
  if (gen.exitCode != 0) throw std::runtime_error("openssl: " + gen.err);
  fake = std::make_unique<FakeKestra>(
      std::vector<std::string>{"--cert", (dir / "cert.pem").string(), "--key", (dir / "key.pem").string()});
}

}  // namespace kcicd::test
