// Corrupted flows never crash the validator: every corpus file is mutated (byte flips, truncations, inserted
// YAML indicators) with a fixed seed and validated; each result must be a report, never an exception.
// KCICD_ROBUSTNESS_ROUNDS raises the number of rounds (12) for a longer local run, e.g. under -DKCICD_SANITIZE=ON.
#include <catch2/catch_test_macros.hpp>

#include <cstdlib>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "KestraFiles.h"
#include "flow/FlowValidator.h"

using namespace kcicd::flow;
namespace fs = std::filesystem;

TEST_CASE("mutated corpus flows always produce a report", "[robustness]") {
  const fs::path corpus = kcicd::test::kestraFlowsDir();
  std::vector<std::string> sources;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file() || (entry.path().extension() != ".yaml" && entry.path().extension() != ".yml")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    sources.push_back(ss.str());
  }
  REQUIRE(sources.size() > 200);
  const std::string tokens[] = {"[", "{", "]", "}", ": ", "- ", "\t", "&a ", "*a", "<<: *a\n", "'", "\"", "|\n", "\n  ",
                                "---\n", "? ", "!!str ", "%", "#", "{{ x }}", "\xFF", "\xE2\x82", "\0"};
  std::mt19937 rng(42);
  FlowValidator v13;
  FlowValidator v021(ValidatorOptions{KestraVersion::V0_21, {}, {}});
  const char* env = std::getenv("KCICD_ROBUSTNESS_ROUNDS");
  const int rounds = env ? std::max(1, std::atoi(env)) : 12;
  std::size_t reports = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& source : sources) {
      std::string text = source;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !text.empty(); ++e) {
        std::size_t at = rng() % text.size();
        switch (rng() % 4) {
          case 0: text[at] = static_cast<char>(rng() % 256); break;
          case 1: text.resize(at); break;
          case 2: text.insert(at, tokens[rng() % std::size(tokens)]); break;
          default: text.erase(at, 1 + rng() % 20); break;
        }
      }
      FileReport report = (round % 2 ? v021 : v13).validate(text, "mutated.yml");
      CHECK(!report.documents.empty());
      ++reports;
    }
  }
  CHECK(reports == static_cast<std::size_t>(rounds) * sources.size());
}
