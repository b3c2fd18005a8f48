#include <catch2/catch_test_macros.hpp>

#include "kestra/RetryPolicy.h"

using namespace kcicd::kestra;
using std::chrono::milliseconds;

TEST_CASE("Idempotent requests retry on connect errors, broken connections and gateway errors", "[RetryPolicy]") {
  RetryPolicy policy;
  for (auto outcome : {AttemptOutcome::ConnectFailed, AttemptOutcome::SendOrReadFailed, AttemptOutcome::Gateway,
                       AttemptOutcome::GatewayBeforeBody}) {
    CHECK(policy.shouldRetry(RequestKind::Idempotent, outcome, 1));
    CHECK(policy.shouldRetry(RequestKind::Idempotent, outcome, policy.maxAttempts - 1));
    CHECK_FALSE(policy.shouldRetry(RequestKind::Idempotent, outcome, policy.maxAttempts));
  }
  CHECK_FALSE(policy.shouldRetry(RequestKind::Idempotent, AttemptOutcome::Success, 1));
}

TEST_CASE("A namespace update retries only when the server provably did not process it", "[RetryPolicy]") {
  RetryPolicy policy;
  CHECK(policy.shouldRetry(RequestKind::Write, AttemptOutcome::ConnectFailed, 1));
  CHECK(policy.shouldRetry(RequestKind::Write, AttemptOutcome::GatewayBeforeBody, 1));  // refused before the body
  CHECK(policy.shouldRetry(RequestKind::Write, AttemptOutcome::GatewayBeforeBody, policy.maxAttempts - 1));
  CHECK_FALSE(policy.shouldRetry(RequestKind::Write, AttemptOutcome::SendOrReadFailed, 1));
  CHECK_FALSE(policy.shouldRetry(RequestKind::Write, AttemptOutcome::Gateway, 1));  // 503 after the body
  CHECK_FALSE(policy.shouldRetry(RequestKind::Write, AttemptOutcome::ConnectFailed, policy.maxAttempts));
  CHECK_FALSE(policy.shouldRetry(RequestKind::Write, AttemptOutcome::GatewayBeforeBody, policy.maxAttempts));
  CHECK_FALSE(policy.shouldRetry(RequestKind::Write, AttemptOutcome::Success, 1));
}

TEST_CASE("Backoff is exponential, capped and jittered", "[RetryPolicy]") {
  RetryPolicy policy;
  policy.baseDelay = milliseconds(100);
  policy.maxDelay = milliseconds(1000);
  CHECK(policy.delay(1, 0.999) <= milliseconds(100));
  CHECK(policy.delay(1, 0.0) == milliseconds(50));
  CHECK(policy.delay(2, 0.0) == milliseconds(100));
  CHECK(policy.delay(3, 0.0) == milliseconds(200));
  CHECK(policy.delay(10, 0.0) == milliseconds(500));
  CHECK(policy.delay(10, 0.999) <= milliseconds(1000));
  CHECK(policy.delay(10, 0.999) > milliseconds(990));
  CHECK(policy.delay(1000, 5.0) == milliseconds(1000));  // out-of-range jitter is clamped
}
