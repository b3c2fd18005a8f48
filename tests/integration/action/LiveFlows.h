#pragma once
// What the fake Kestra holds after an action or a pipeline ran: "ns.id" → source of tenant main's live flows.
#include <map>
#include <string>

#include "KestraServers.h"

namespace kcicd::test {

inline std::map<std::string, std::string> liveFlows(FakeKestra& fake) {
  std::map<std::string, std::string> out;
  auto flows = fake.flows();
  if (!flows.contains("main")) return out;
  for (const auto& [ns, list] : flows["main"].items())
    for (const auto& f : list) out[ns + "." + f["id"].get<std::string>()] = f["source"].get<std::string>();
  return out;
}

}  // namespace kcicd::test
