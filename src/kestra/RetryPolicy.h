#pragma once
#include <chrono>
#include <cstdint>

namespace kcicd::kestra {

// What happened to one attempt, as far as retrying is concerned.
enum class AttemptOutcome {
  Success,          // a response that needs no retry (2xx, or a 4xx/5xx that retrying cannot fix)
  ConnectFailed,    // no connection was made: nothing was sent (refused, unreachable, connect timeout)
  SendOrReadFailed, // the connection broke or timed out after the request was (partly) sent
  Gateway,          // 502, 503 or 504 received after the request body was sent
  GatewayBeforeBody, // 502, 503 or 504 received instead of 100 Continue: the body was never sent
};

// Idempotent requests (validate, GET) may be repeated freely. A namespace update writes; it is repeated
// only when the failure proves the server did not process it: the connection was never made, or the
// update was sent with `Expect: 100-continue` and a 502/503/504 came back before its body was sent. A
// 502/503/504 or a broken connection after the body was sent is not proof (a proxy may have forwarded
// the body), so it is not retried.
enum class RequestKind { Idempotent, Write };

struct RetryPolicy {
  int maxAttempts = 4;                              // first attempt included
  std::chrono::milliseconds baseDelay{200};         // delay before retry n is base * 2^(n-1) …
  std::chrono::milliseconds maxDelay{3000};         // … capped here, then jittered in [50%, 100%]

  bool shouldRetry(RequestKind kind, AttemptOutcome outcome, int attempt) const;
  // Delay before attempt `attempt + 1` (attempt counts from 1); `random01` in [0, 1) gives the jitter.
  std::chrono::milliseconds delay(int attempt, double random01) const;
};

}  // namespace kcicd::kestra
