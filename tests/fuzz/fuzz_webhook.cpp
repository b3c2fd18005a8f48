// Webhook payload reader and signature check: any body and signature → a PushEvent or PayloadError.
#include <cstdint>
#include <string>

#include "webhook/Delivery.h"
#include "webhook/PayloadError.h"
#include "webhook/PushEvent.h"
#include "webhook/Signature.h"

using namespace kcicd::webhook;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  std::string signature = size > 0 ? body.substr(0, std::min<size_t>(size, 71)) : "";
  for (Provider provider : {Provider::GitHub, Provider::GitLab}) {
    (void)verifySignature(provider, body, signature, "secret");
    (void)detectProvider(signature);
    try {
      PushEvent event = parsePushEvent(provider, body);
      (void)changedNamespaces(event, "flows");
      DeliveryPolicy policy;
      policy.patterns = {"https://github.com/**"};
      try {
        (void)judgeDelivery(event, policy);
      } catch (const UntrustedRepository&) {
      }
    } catch (const PayloadError&) {
    }
  }
  return 0;
}
