#include <catch2/catch_test_macros.hpp>

#include "kestra/FlowDocuments.h"

using namespace kcicd::kestra;

TEST_CASE("Sources are joined like the Kestra CLI", "[FlowDocuments]") {
  CHECK(joinSources({"id: a\n", "id: b"}) == "id: a\n\n---\nid: b");
  CHECK(joinSources({"only"}) == "only");
  CHECK(joinSources({}).empty());
}

TEST_CASE("The body is split like FlowController.validateFlows (\\n+---\\n*?)", "[FlowDocuments]") {
  auto parts = splitLikeValidate("id: a\n\n\n---\nid: b\n---\nid: c");
  REQUIRE(parts.size() == 3);
  CHECK(parts[0] == "id: a");
  CHECK(parts[1] == "\nid: b");
  CHECK(parts[2] == "\nid: c");
  // `---` must follow a newline: inside a line it does not split, but "\n----" does.
  CHECK(splitLikeValidate("a: x---y").size() == 1);
  CHECK(splitLikeValidate("a: 1\n----\nb: 2").size() == 2);
  // Java's String.split: trailing empty strings dropped, a leading one kept, no match gives the input.
  CHECK(splitLikeValidate("a: 1\n---").size() == 1);
  auto leading = splitLikeValidate("\n---\na: 1");
  REQUIRE(leading.size() == 2);
  CHECK(leading[0].empty());
  CHECK(splitLikeValidate("").size() == 1);
  CHECK(splitLikeValidate("\n---").empty());
}

TEST_CASE("Result indexes map back to the file that holds each document", "[FlowDocuments]") {
  std::vector<std::string> sources{
      "id: one\nnamespace: a\n",                          // file 0: one document
      "id: two\nnamespace: a\n---\nid: three\nnamespace: a\n",  // file 1: two documents
      "---\nid: four\nnamespace: a\n",                    // file 2: starts with ---, still one flow + an empty chunk
      "id: five\nnamespace: a",                           // file 3
  };
  auto owners = documentOwners(sources);
  // file 2's leading "---" line makes an extra (empty) document that belongs to it.
  REQUIRE(owners == std::vector<std::size_t>{0, 1, 1, 2, 2, 3});
  CHECK(documentOwners({}).empty());
  CHECK(documentOwners({"id: x"}) == std::vector<std::size_t>{0});
}
