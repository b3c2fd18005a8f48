#pragma once
// docs/report-schema.json, checked with the project's own JSON Schema validator (src/schema).
#include <string>

#include <nlohmann/json.hpp>

#include "Process.h"
#include "schema/JsonSchema.h"

namespace kcicd::test {

// The violations of `report` against the schema's definition of one command's output ("flowValidate",
// "flowNamespaceUpdate", "deploy", "webhookVerify"), or against the whole schema when `definition` is empty;
// one "<pointer>: <message>" line each, "" when it conforms.
inline std::string reportViolations(const nlohmann::json& report, const std::string& definition = "") {
  auto document = nlohmann::json::parse(readFile(std::string(KCICD_SOURCE_DIR) + "/docs/report-schema.json"));
  if (!definition.empty()) {
    REQUIRE(document["definitions"].contains(definition));
    document.erase("anyOf");
    document["allOf"] = nlohmann::json::array({{{"$ref", "#/definitions/" + definition}}});
  }
  std::string out;
  for (const auto& v : kcicd::schema::JsonSchema::compile(document).validate(report))
    out += v.pointer + ": " + v.message + "\n";
  return out;
}

}  // namespace kcicd::test
