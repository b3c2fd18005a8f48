// The Kestra API fake itself (tests/fake-kestra/server.js), over HTTP, as Kestra 1.3 and 2.0: each behaviour
// modelled from Kestra's source (see the comments in server.js) is asserted against the fake's state dump.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "KestraServers.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {

struct Answer {
  int status = 0;  // 0: no answer (the connection was closed)
  std::string text;
  json body() const { return text.empty() ? json() : json::parse(text); }
};

// One request to the fake with its basic-auth user; YAML bodies as Kestra's flow endpoints take them.
Answer call(FakeKestra& fake, const std::string& method, const std::string& path, const std::string& body = "",
            const std::string& contentType = "application/x-yaml") {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(fake.port()));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  Poco::Net::HTTPBasicCredentials(kUser, kPassword).authenticate(request);
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  if (!body.empty() || method == "POST" || method == "PUT") request.setContentType(contentType);
  Answer answer;
  try {
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    answer.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, answer.text);
  } catch (const Poco::Exception&) {
    answer.status = 0;
  }
  return answer;
}

std::string flow(const std::string& ns, const std::string& id, const std::string& message = "hello",
                 const std::string& type = "io.kestra.plugin.core.log.Log") {
  return "id: " + id + "\nnamespace: " + ns + "\ntasks:\n  - id: log\n    type: " + type + "\n    message: " + message +
         "\n";
}

std::string trimmed(const std::string& s) {
  auto begin = s.find_first_not_of(" \n\t\r");
  auto end = s.find_last_not_of(" \n\t\r");
  return begin == std::string::npos ? "" : s.substr(begin, end - begin + 1);
}

const std::string kBulk = "/api/v1/main/flows/prod";

}  // namespace

TEST_CASE("the fake's bulk namespace route cuts on every ---, ignores override and writes flow by flow",
          "[kestra][fake]") {
  const std::string version = GENERATE(std::string("1.3"), std::string("2.0"));
  FakeKestra fake({"--kestra", version});
  CAPTURE(version);

  SECTION("a --- inside a flow cuts it in two: a parse error, nothing written") {
    auto r = call(fake, "POST", kBulk, flow("prod", "a", "\"rule --- here\"") + "---\n" + flow("prod", "b"));
    CHECK(r.status == 422);
    CHECK(fake.state().empty());
    auto leading = call(fake, "POST", kBulk, "---\n" + flow("prod", "a"));  // a leading empty piece
    CHECK(leading.status == 422);
    CHECK(fake.state().empty());
  }

  SECTION("override=true is not honoured: another namespace is refused before any write, in 1.x words") {
    fake.seed("prod", flow("prod", "kept"));
    auto before = fake.state();
    auto r = call(fake, "POST", kBulk + "?override=true&delete=true", flow("prod", "a") + "---\n" + flow("dev", "b"));
    CHECK(r.status == 422);
    CHECK(r.body()["message"] == "Invalid entity: flow.namespace: main_dev_b_-1 - flow namespace is invalid");
    CHECK(r.body()["_embedded"]["errors"][0]["path"] == "flow.namespace");
    CHECK(fake.state() == before);

    auto duplicate = call(fake, "POST", kBulk, flow("prod", "a") + "---\n" + flow("prod", "a", "again"));
    CHECK(duplicate.status == 422);
    CHECK(duplicate.body()["message"] == "Invalid entity: flow.id: Duplicate flow id");
    CHECK(fake.state() == before);
  }

  SECTION("a failure on flow k answers 422 after the deletions and flows 1..k-1 were committed") {
    fake.seed("prod", flow("prod", "a"));
    fake.seed("prod", flow("prod", "b"));
    auto r = call(fake, "POST", kBulk,  // no delete parameter: Kestra's default is true
                  flow("prod", "c") + "---\n" + flow("prod", "d", "x", "io.kestra.plugin.core.log.Nope") + "---\n" +
                      flow("prod", "e"));
    CHECK(r.status == 422);
    CHECK(r.body()["message"] == "Invalid type: io.kestra.plugin.core.log.Nope");
    auto state = fake.state()["main"]["prod"];
    CHECK(state["a"]["deleted"] == true);
    CHECK(state["a"]["revision"] == 2);
    CHECK(state["b"]["deleted"] == true);
    CHECK(state["c"]["deleted"] == false);
    CHECK(state["c"]["revision"] == 1);
    CHECK_FALSE(state.contains("d"));
    CHECK_FALSE(state.contains("e"));
  }

  SECTION("deleted flows are answered first, as they were; an unchanged flow keeps its revision") {
    fake.seed("prod", flow("prod", "a"));
    fake.seed("prod", trimmed(flow("prod", "b")));  // the bulk route stores each piece trimmed
    auto r = call(fake, "POST", kBulk, flow("prod", "b"));
    REQUIRE(r.status == 200);
    auto answer = r.body();
    REQUIRE(answer.size() == 2);
    CHECK(answer[0]["id"] == "a");
    CHECK(answer[0]["deleted"] == false);
    CHECK(answer[0]["revision"] == 1);
    CHECK(answer[1]["id"] == "b");
    CHECK(answer[1]["revision"] == 1);
    auto state = fake.state()["main"]["prod"];
    CHECK(state["a"]["deleted"] == true);
    CHECK(state["a"]["revision"] == 2);
    CHECK(state["b"]["revisions"].size() == 1);

    auto noDelete = call(fake, "POST", kBulk + "?delete=false", flow("prod", "c"));
    REQUIRE(noDelete.status == 200);
    CHECK(noDelete.body().size() == 1);
    CHECK(fake.state()["main"]["prod"]["b"]["deleted"] == false);
  }
}

TEST_CASE("the fake's per-flow endpoints: CRUD, byte-exact revisions, draft and labels", "[kestra][fake]") {
  const std::string version = GENERATE(std::string("1.3"), std::string("2.0"));
  FakeKestra fake({"--kestra", version});
  CAPTURE(version);
  const std::string source = flow("prod", "a");

  auto created = call(fake, "POST", "/api/v1/main/flows", source);
  REQUIRE(created.status == 200);
  CHECK(created.body()["revision"] == 1);
  CHECK(created.body()["source"] == source);  // stored as sent, not trimmed
  CHECK(fake.state()["main"]["prod"]["a"]["source"] == source);
  auto again = call(fake, "POST", "/api/v1/main/flows", source);
  CHECK(again.status == 422);
  CHECK(again.body()["message"] == "Invalid entity: flow.id: Flow id already exists");

  // A new revision only when the source differs byte for byte (a trailing space counts; a `revision:` line not).
  CHECK(call(fake, "PUT", "/api/v1/main/flows/prod/a", source).body()["revision"] == 1);
  CHECK(call(fake, "PUT", "/api/v1/main/flows/prod/a", source + " ").body()["revision"] == 2);
  CHECK(call(fake, "PUT", "/api/v1/main/flows/prod/a", "revision: 2\n" + source + " ").body()["revision"] == 2);
  auto state = fake.state()["main"]["prod"]["a"];
  CHECK(state["revisions"].size() == 2);
  CHECK(state["revisions"][0]["source"] == source);
  CHECK(state["revisions"][1]["source"] == source + " ");

  auto missing = call(fake, "PUT", "/api/v1/main/flows/prod/zz", flow("prod", "zz"));
  CHECK(missing.status == 404);
  CHECK(missing.body()["message"] == "Not Found");
  auto renamed = call(fake, "PUT", "/api/v1/main/flows/prod/a", flow("prod", "b"));
  CHECK(renamed.status == 422);
  CHECK(renamed.body()["message"] == "Invalid entity: flow.id: Illegal flow id update");
  auto moved = call(fake, "PUT", "/api/v1/main/flows/prod/a", flow("dev", "a"));
  CHECK(moved.status == 422);
  CHECK(moved.body()["message"] == "Invalid entity: flow.namespace: Illegal namespace update");
  CHECK(fake.state()["main"]["prod"]["a"] == state);

  auto withSource = call(fake, "GET", "/api/v1/main/flows/prod/a?source=true").body();
  CHECK(withSource["source"] == source + " ");
  CHECK_FALSE(call(fake, "GET", "/api/v1/main/flows/prod/a").body().contains("source"));
  CHECK(call(fake, "GET", "/api/v1/main/flows/prod/a?revision=1&source=true").body()["source"] == source);
  CHECK(call(fake, "GET", "/api/v1/main/flows/prod/zz").status == 404);
  auto revisions = call(fake, "GET", "/api/v1/main/flows/prod/a/revisions").body();
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[1]["revision"] == 2);
  auto list = call(fake, "GET", "/api/v1/main/flows/prod").body();
  REQUIRE(list.size() == 1);
  CHECK_FALSE(list[0].contains("source"));

  CHECK(call(fake, "DELETE", "/api/v1/main/flows/prod/a").status == 204);
  CHECK(call(fake, "DELETE", "/api/v1/main/flows/prod/a").status == 404);
  CHECK(call(fake, "GET", "/api/v1/main/flows/prod/a").status == 404);
  CHECK(call(fake, "GET", "/api/v1/main/flows/prod/a?allowDeleted=true").body()["deleted"] == true);
  CHECK(fake.state()["main"]["prod"]["a"]["revision"] == 3);
  CHECK(fake.state()["main"]["prod"]["a"]["deleted"] == true);
  // Re-created after a delete: the revision goes on from the deleted one.
  CHECK(call(fake, "POST", "/api/v1/main/flows", source).body()["revision"] == 4);

  // Labels as a list of {key, value}, whether written as a map or a list.
  auto labelled = call(fake, "POST", "/api/v1/main/flows", "labels:\n  team: data\n" + flow("prod", "l")).body();
  CHECK(labelled["labels"] == json::array({json{{"key", "team"}, {"value", "data"}}}));

  // 2.0: `draft` on create/update (not validated), a `draft` field; 1.3 has neither.
  const std::string invalid = flow("prod", "dr", "x", "io.kestra.plugin.core.log.Nope");
  auto draft = call(fake, "POST", "/api/v1/main/flows?draft=true", invalid);
  if (version == "2.0") {
    CHECK(draft.status == 200);
    CHECK(draft.body()["draft"] == true);
    CHECK(call(fake, "GET", "/api/v1/main/flows/prod/a").body()["draft"] == false);
  } else {
    CHECK(draft.status == 422);
    CHECK_FALSE(call(fake, "GET", "/api/v1/main/flows/prod/a").body().contains("draft"));
  }
}

TEST_CASE("the fake's configs version, OSS tenant check and validate split", "[kestra][fake]") {
  const std::string version = GENERATE(std::string("1.3"), std::string("2.0"));
  FakeKestra fake({"--kestra", version});
  CAPTURE(version);

  auto configs = call(fake, "GET", "/api/v1/configs");
  REQUIRE(configs.status == 200);
  CHECK(configs.body()["version"].get<std::string>().rfind(version + ".", 0) == 0);
  CHECK(configs.body()["edition"] == "OSS");

  auto before = fake.state();
  auto tenant = call(fake, "POST", "/api/v1/acme/flows/prod", flow("prod", "a"));
  CHECK(tenant.status == 400);
  CHECK(tenant.body()["message"] == "Bad Request: Tenant must be 'main' for OSS version");
  CHECK(fake.state() == before);

  // validate: trimmed, then cut only where a line starts with ---; always 200, one result per piece.
  auto validated = call(fake, "POST", "/api/v1/main/flows/validate",
                        "\n" + flow("prod", "a", "\"x --- y\"") + "---\n" + flow("prod", "b", "x", "io.kestra.Nope"));
  REQUIRE(validated.status == 200);
  auto results = validated.body();
  REQUIRE(results.size() == 2);
  CHECK(results[0]["index"] == 0);
  CHECK_FALSE(results[0].contains("constraints"));
  CHECK(results[1]["flow"] == "b");
  CHECK(results[1].contains("constraints"));
  CHECK(results[1].contains("deprecationPaths"));
  CHECK(fake.state() == before);
}

TEST_CASE("the fake's faults: method lists, path filter, error-500/422 and close-after-write", "[kestra][fake]") {
  FakeKestra fake;
  fake.seed("prod", flow("prod", "a"));
  fake.seed("prod", flow("prod", "b"));
  auto before = fake.state();

  fake.setFault("error-500", 1, "POST,PUT,DELETE");
  auto failed = call(fake, "DELETE", "/api/v1/main/flows/prod/a");
  CHECK(failed.status == 500);
  CHECK(fake.state() == before);
  fake.setFault("error-422", -1, "PUT");
  CHECK(call(fake, "PUT", "/api/v1/main/flows/prod/a", flow("prod", "a", "changed")).status == 422);
  CHECK(call(fake, "GET", "/api/v1/main/flows/prod/a").status == 200);  // GET is not in the list
  CHECK(fake.state() == before);

  // Only the request whose path holds /flows/prod/b is cut off, after being committed.
  fake.setFault("close-after-write", 1, "PUT", 0, "/flows/prod/b");
  CHECK(call(fake, "PUT", "/api/v1/main/flows/prod/a", flow("prod", "a", "one")).status == 200);
  CHECK(call(fake, "PUT", "/api/v1/main/flows/prod/b", flow("prod", "b", "two")).status == 0);
  auto state = fake.state()["main"]["prod"];
  CHECK(state["a"]["revision"] == 2);
  CHECK(state["b"]["revision"] == 2);
  CHECK(state["b"]["source"] == flow("prod", "b", "two"));
  CHECK(call(fake, "PUT", "/api/v1/main/flows/prod/b", flow("prod", "b", "three")).status == 200);  // count used up
}
