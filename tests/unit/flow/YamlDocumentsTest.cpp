#include <catch2/catch_test_macros.hpp>

#include "flow/YamlDocuments.h"

using namespace kcicd::flow;

TEST_CASE("A file with one flow is one document, byte for byte", "[YamlDocuments]") {
  std::string file = "id: a\nnamespace: prod\ntasks: []  \n";
  auto docs = splitYamlDocuments(file);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].text == file);
  CHECK(docs[0].line == 1);
}

TEST_CASE("Documents are cut at marker lines; blank and comment-only documents are left out", "[YamlDocuments]") {
  std::string file = "---\nid: a\nnamespace: prod\n---\n# only a comment\n\n--- # the second flow\nid: b\n...\n---\n";
  auto docs = splitYamlDocuments(file);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].text == "id: a\nnamespace: prod\n");
  CHECK(docs[0].line == 2);
  CHECK(docs[1].text == "id: b\n");  // a comment on the marker line belongs to no flow
  CHECK(docs[1].line == 8);
}

TEST_CASE("Dashes that YAML does not read as a marker stay inside the flow", "[YamlDocuments]") {
  std::string file =
      "id: a\ndescription: |\n  ---\n  a rule above\nmessage: \"-----\"\ntasks:\n  - id: x\n    sql: \"--- comment\"\n";
  auto docs = splitYamlDocuments(file);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].text == file);
  CHECK(lineCutByValidate(docs[0].text) == 0);  // no line starts with ---
}

TEST_CASE("Content on a marker line opens the next document", "[YamlDocuments]") {
  auto docs = splitYamlDocuments("id: a\n--- {id: b}\n");
  REQUIRE(docs.size() == 2);
  CHECK(docs[1].text == "{id: b}\n");
  CHECK(docs[1].line == 2);
}

TEST_CASE("A CRLF file keeps its line endings and its markers are found", "[YamlDocuments]") {
  auto docs = splitYamlDocuments("id: a\r\n---\r\nid: b\r\n");
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].text == "id: a\r\n");
  CHECK(docs[1].text == "id: b\r\n");
}

TEST_CASE("lineCutByValidate finds a line that Kestra's validate route would cut", "[YamlDocuments]") {
  CHECK(lineCutByValidate("id: a\nnamespace: b\n") == 0);
  CHECK(lineCutByValidate("id: a\n-----\n") == 2);
  CHECK(lineCutByValidate("---x\n") == 1);
  CHECK(lineCutByValidate("id: a\n  ---\n") == 0);
}
