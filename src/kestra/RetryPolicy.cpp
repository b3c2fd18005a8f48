#include "RetryPolicy.h"

#include <algorithm>

namespace kcicd::kestra {

bool RetryPolicy::shouldRetry(RequestKind kind, AttemptOutcome outcome, int attempt) const {
  if (attempt >= maxAttempts || outcome == AttemptOutcome::Success) return false;
  if (kind == RequestKind::Idempotent) return true;
  return outcome == AttemptOutcome::ConnectFailed || outcome == AttemptOutcome::GatewayBeforeBody;
}

std::chrono::milliseconds RetryPolicy::delay(int attempt, double random01) const {
  double ms = static_cast<double>(baseDelay.count());
  for (int i = 1; i < attempt && ms < static_cast<double>(maxDelay.count()); ++i) ms *= 2;
  ms = std::min(ms, static_cast<double>(maxDelay.count()));
  random01 = std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms * (0.5 + 0.5 * random01)));
}

}  // namespace kcicd::kestra
