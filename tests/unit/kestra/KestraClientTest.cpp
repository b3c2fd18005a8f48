// KestraClient's retries over a scripted Transport: which attempts are repeated, how long it waits (recorded,
// never slept), and what the final error says. No socket, no clock.
#include "kestra/KestraClient.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <deque>
#include <variant>

#include "kestra/Errors.h"
#include "runtime/Errors.h"

using namespace kcicd::kestra;
using namespace std::chrono_literals;

namespace {

// Each send() takes the next scripted step: an answer, or a failure of the given outcome.
class ScriptedTransport : public Transport {
 public:
  using Step = std::variant<HttpResponse, AttemptOutcome>;
  explicit ScriptedTransport(std::deque<Step> steps, std::vector<std::string>* sent) : steps_(std::move(steps)), sent_(sent) {}
  HttpResponse send(const HttpRequest& request, RequestKind) override {
    sent_->push_back(request.method + " " + request.target);
    REQUIRE_FALSE(steps_.empty());
    Step step = steps_.front();
    steps_.pop_front();
    if (auto* outcome = std::get_if<AttemptOutcome>(&step)) throw TransportFailure(*outcome, "scripted failure");
    return std::get<HttpResponse>(step);
  }
  const std::string& origin() const override { return origin_; }
  const std::string& via() const override { return via_; }

 private:
  std::deque<Step> steps_;
  std::vector<std::string>* sent_;
  std::string origin_ = "http://kestra.test:8080", via_;
};

HttpResponse answer(int status, std::string body, bool bodySent = true) {
  HttpResponse r;
  r.status = status;
  r.contentType = "application/json";
  r.body = std::move(body);
  r.bodySent = bodySent;
  return r;
}

struct Client {
  std::vector<std::string> sent;
  std::vector<std::chrono::milliseconds> waits;
  KestraClient client;
  explicit Client(std::deque<ScriptedTransport::Step> steps)
      : client(ClientConfig{}, std::make_unique<ScriptedTransport>(std::move(steps), &sent),
               [this](std::chrono::milliseconds d) { waits.push_back(d); }) {}
};

const std::string kFlow = "id: a\nnamespace: prod\ntasks: []\n";
const std::string kStored = R"({"id":"a","namespace":"prod","revision":2,"source":"id: a\nnamespace: prod\ntasks: []\n"})";

}  // namespace

TEST_CASE("a read is retried after connect errors and gateway answers, with growing waits", "[KestraClient][retry]") {
  Client c({AttemptOutcome::ConnectFailed, answer(503, "{}"), AttemptOutcome::SendOrReadFailed, answer(200, "[]")});
  CHECK(c.client.validateFlows({kFlow}).empty());
  CHECK(c.sent.size() == 4);
  CHECK(c.client.requests() == 4);
  REQUIRE(c.waits.size() == 3);
  for (std::size_t i = 0; i < c.waits.size(); ++i) {
    auto full = std::min(RetryPolicy{}.baseDelay * (1 << i), RetryPolicy{}.maxDelay);
    CHECK(c.waits[i] >= full / 2);  // jittered in [50%, 100%]
    CHECK(c.waits[i] <= full);
  }
}

TEST_CASE("a read that keeps failing stops after maxAttempts and says how many", "[KestraClient][retry]") {
  Client c({AttemptOutcome::ConnectFailed, AttemptOutcome::ConnectFailed, AttemptOutcome::ConnectFailed,
            AttemptOutcome::ConnectFailed});
  CHECK_THROWS_WITH(c.client.listFlows("prod"), "scripted failure (after 4 attempts)");
  CHECK(c.waits.size() == 3);
}

TEST_CASE("a write is repeated only when the server provably did not take it", "[KestraClient][retry]") {
  SECTION("a broken connection after the body: not repeated, and said to be uncertain") {
    Client c({AttemptOutcome::SendOrReadFailed});
    CHECK_THROWS_WITH(c.client.createFlow(kFlow),
                      "scripted failure; the update may or may not have been applied: check the namespace");
    CHECK(c.sent.size() == 1);
    CHECK(c.waits.empty());
  }
  SECTION("a 503 before the body was sent (Expect: 100-continue refused): repeated") {
    Client c({answer(503, "{}", /*bodySent=*/false), answer(200, kStored)});
    CHECK(c.client.createFlow(kFlow).revision == 2);
    CHECK(c.sent == std::vector<std::string>{"POST /api/v1/main/flows", "POST /api/v1/main/flows"});
    CHECK(c.waits.size() == 1);
  }
  SECTION("a 503 after the body: not repeated") {
    Client c({answer(503, "{}")});
    CHECK_THROWS_AS(c.client.createFlow(kFlow), HttpError);
    CHECK(c.sent.size() == 1);
  }
  SECTION("a refused connection: nothing reached the server, repeated") {
    Client c({AttemptOutcome::ConnectFailed, answer(200, kStored)});
    CHECK(c.client.createFlow(kFlow).revision == 2);
    CHECK(c.sent.size() == 2);
  }
  SECTION("an update (PUT) is repeated even after its body: the same source twice makes no new revision") {
    Client c({answer(503, "{}"), answer(200, kStored)});
    CHECK(c.client.updateFlow("prod", "a", kFlow).revision == 2);
    CHECK(c.sent == std::vector<std::string>{"PUT /api/v1/main/flows/prod/a", "PUT /api/v1/main/flows/prod/a"});
  }
}
