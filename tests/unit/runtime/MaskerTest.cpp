#include <catch2/catch_test_macros.hpp>
#include <sstream>

#include "runtime/Base64.h"
#include "runtime/Console.h"
#include "runtime/Masker.h"

using namespace kcicd;

TEST_CASE("secrets and their base64 forms are replaced by ******", "[masker]") {
  Masker masker;
  masker.add("p@ss:word");
  masker.add("");  // ignored
  std::string b64 = base64::encode("p@ss:word");
  CHECK(masker.mask("use p@ss:word now") == "use ****** now");
  CHECK(masker.mask("header Basic " + b64) == "header Basic ******");
  CHECK(masker.mask("twice p@ss:wordp@ss:word") == "twice ************");
  CHECK(masker.mask("nothing here") == "nothing here");
}

TEST_CASE("a longer secret containing a shorter one is hidden whole", "[masker]") {
  Masker masker;
  masker.add("abc");
  masker.add("abcdef-long");
  CHECK(masker.mask("x abcdef-long y abc") == "x ****** y ******");
}

TEST_CASE("URL credentials are hidden even when the secret is unknown", "[masker]") {
  CHECK(maskUrlCredentials("clone https://user:tok3n@github.com/o/r.git failed") ==
        "clone https://user:******@github.com/o/r.git failed");
  CHECK(maskUrlCredentials("https://ghp_abcdef@github.com/o/r") == "https://******@github.com/o/r");
  CHECK(maskUrlCredentials("ssh://git@github.com/o/r") == "ssh://git@github.com/o/r");
  CHECK(maskUrlCredentials("see http://example.com/a@b") == "see http://example.com/a@b");
  CHECK(maskUrlCredentials("a https://u:p@h1/x and http://v:q@h2") == "a https://u:******@h1/x and http://v:******@h2");
}

TEST_CASE("the Console masks text, errors, logs and frames", "[masker]") {
  Masker masker;
  masker.add("top-secret-token");
  std::ostringstream out, err;
  Console console(out, err, masker, true);
  console.out("token is top-secret-token");
  console.err("server said: invalid token top-secret-token");
  console.log(LogLevel::Warn, "retrying with top-secret-token");
  Json values;
  values["url"] = "https://x:top-secret-token@host/repo";
  values["top-secret-token"] = "key too";
  console.outputs(values);
  console.counter("n", 1, {{"tag", "top-secret-token"}});
  std::string all = out.str() + err.str();
  CHECK(all.find("top-secret-token") == std::string::npos);
  CHECK(all.find(base64::encode("top-secret-token")) == std::string::npos);
  CHECK(out.str().find("::{\"outputs\":{\"url\":\"https://x:******@host/repo\"") != std::string::npos);
}

TEST_CASE("without frames the Console prints no protocol lines", "[masker]") {
  Masker masker;
  std::ostringstream out, err;
  Console console(out, err, masker, false);
  console.outputs(Json{{"a", 1}});
  console.counter("n", 1);
  console.log(LogLevel::Warn, "careful");
  CHECK(out.str().empty());
  CHECK(err.str() == "warning: careful\n");
}

TEST_CASE("a secret shorter than 8 characters is masked only where it stands alone", "[masker]") {
  Masker masker;
  masker.add("abc1");
  CHECK(masker.mask("password abc1 sent") == "password ****** sent");
  CHECK(masker.mask("(abc1), 'abc1'.") == "(******), '******'.");
  CHECK(masker.mask("abc1") == "******");
  // Inside a longer word — a commit hash, an identifier — it stays.
  CHECK(masker.mask("commit 0abc1f99e and abc12 and xabc1 and abc1_x") == "commit 0abc1f99e and abc12 and xabc1 and abc1_x");
  // A secret of 8 characters or more is masked everywhere, as before.
  masker.add("long-secret");
  CHECK(masker.mask("xlong-secretx") == "x******x");
}

TEST_CASE("a multi-line secret is masked whole and line by line", "[masker]") {
  Masker masker;
  const std::string key =
      "-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB\nAAAAMwAAAAtz\n"
      "-----END OPENSSH PRIVATE KEY-----\n";
  masker.add(key);
  CHECK(masker.mask("key: " + key) == "key: ******");
  CHECK(masker.mask("invalid line b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB in key") ==
        "invalid line ****** in key");
  CHECK(masker.mask("AAAAMwAAAAtz") == "******");
  // A line shorter than 8 characters is not a secret on its own.
  Masker small;
  small.add("first-line-long\nab\n");
  CHECK(small.mask("ab cd") == "ab cd");
}
