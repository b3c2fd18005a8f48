// `flow namespace update` against the fake Kestra of each modelled version (tests/fake-kestra, built
// from Kestra's FlowController): flows are written one by one (never through the bulk route, which cuts
// them on every "---"), reported from the server's answers, and a failed write at any position is
// rolled back so that the server holds, byte for byte, the sources it held before.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <map>

#include "KestraServers.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "ns.id" → source of every flow the server holds (deleted ones left out), for tenant main.
std::map<std::string, std::string> sources(const json& state) {
  std::map<std::string, std::string> out;
  if (!state.contains("main")) return out;
  for (const auto& [ns, flows] : state["main"].items())
    for (const auto& [id, flow] : flows.items())
      if (!flow.value("deleted", false)) out[ns + "." + id] = flow["source"].get<std::string>();
  return out;
}

int revision(const json& state, const std::string& ns, const std::string& id) {
  return state["main"][ns][id]["revision"].get<int>();
}

std::vector<std::string> writes(FakeKestra& fake) {
  std::vector<std::string> out;
  for (const auto& r : fake.requests())
    if (r["method"] != "GET" && r["path"] != "/api/v1/main/flows/validate")
      out.push_back(r["method"].get<std::string>() + " " + r["path"].get<std::string>());
  return out;
}

struct Update {
  std::string version = GENERATE(as<std::string>{}, "1.3", "2.0");
  FakeKestra fake{{"--kestra", version}};
  TempDir dir;

  kcicd::test::ProcessResult run(std::vector<std::string> extra, const std::string& folder = "prod") {
    std::vector<std::string> args{"flow", "namespace", "update", "prod", (dir / folder).string(), "--server",
                                  fake.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return runCli(args, cliOptions(basicAuthEnv()));
  }
};

}  // namespace

TEST_CASE("A flow holding '---' is written whole and stored byte for byte", "[kestra][namespace-update]") {
  Update u;
  INFO("Kestra " << u.version);
  std::string tricky = "id: notes\nnamespace: prod\ndescription: |\n  Release notes\n  ---\n  (a Markdown rule)\n"
                       "tasks:\n  - id: line\n    type: io.kestra.plugin.core.log.Log\n    message: \"-----\"  \n";
  writeFile(u.dir / "prod/notes.yml", tricky);
  writeFile(u.dir / "prod/two.yml", flowYaml("prod", "a") + "---\n" + flowYaml("prod", "b"));

  auto r = u.run({});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  auto state = u.fake.state();
  auto held = sources(state);
  CHECK(held["prod.notes"] == tricky);  // trailing spaces included
  CHECK(held["prod.a"] == flowYaml("prod", "a"));
  CHECK(held["prod.b"] == flowYaml("prod", "b"));
  CHECK(has(r.out, "3 flow(s) for namespace 'prod' successfully updated!\n"));
  CHECK(has(r.out, "- prod.notes (created, revision 1)\n"));
  for (const auto& w : writes(u.fake)) CHECK(w.rfind("POST /api/v1/main/flows", 0) == 0);
  for (const auto& w : writes(u.fake)) CHECK(w != "POST /api/v1/main/flows/prod");  // never the bulk route

  // Sent again: nothing differs, so nothing is written and no revision is made.
  auto again = u.run({"--format", "json"});
  REQUIRE(again.exitCode == 0);
  auto doc = json::parse(again.out);
  CHECK(doc["unchanged"] == 3);
  CHECK(doc["created"] == 0);
  CHECK(doc["updated"] == 0);
  CHECK(u.fake.state() == state);
}

TEST_CASE("Overriding namespaces rewrites only the namespace line, client-side", "[kestra][namespace-update]") {
  Update u;
  INFO("Kestra " << u.version);
  std::string dev = "# a comment\nid: moved\nnamespace: dev   # from dev\ntasks:\n  - id: log\n"
                    "    type: io.kestra.plugin.core.log.Log\n    message: namespace stays in this text\n";
  writeFile(u.dir / "prod/moved.yml", dev);

  auto refused = u.run({});
  CHECK(refused.exitCode == 1);
  CHECK(has(refused.err, "moved.yml\n\tUnable to parse flow due to the following error(s):\n"
                         "\t- flow 'moved' has namespace 'dev', not 'prod'"));
  CHECK(has(refused.err, "moved.yml:1:1)\n"));
  CHECK(has(refused.err, "--override-namespaces"));
  CHECK(sources(u.fake.state()).empty());
  CHECK(u.fake.requests().empty());  // refused before any request

  auto r = u.run({"--override-namespaces"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  std::string expected = dev;
  expected.replace(expected.find("namespace: dev"), 14, "namespace: prod");
  CHECK(sources(u.fake.state()) == std::map<std::string, std::string>{{"prod.moved", expected}});
}

TEST_CASE("Created, updated, unchanged and deleted come from the server, with revisions", "[kestra][namespace-update]") {
  Update u;
  INFO("Kestra " << u.version);
  for (const char* id : {"same", "changed", "gone"}) u.fake.seed("prod", flowYaml("prod", id));
  u.fake.seed("prod.child", flowYaml("prod.child", "kept"));
  writeFile(u.dir / "prod/same.yml", flowYaml("prod", "same"));
  writeFile(u.dir / "prod/changed.yml", flowYaml("prod", "changed") + "# one more byte\n");
  writeFile(u.dir / "prod/fresh.yml", flowYaml("prod", "fresh"));
  auto before = u.fake.state();

  auto dry = u.run({"--delete", "--dry-run", "--format", "json"});
  REQUIRE(dry.exitCode == 0);
  auto plan = json::parse(dry.out);
  CHECK(plan["added"] == 1);
  CHECK(plan["updated"] == 1);
  CHECK(plan["unchanged"] == 1);
  CHECK(plan["deleted"] == 1);
  CHECK(u.fake.state() == before);
  CHECK(writes(u.fake).empty());

  auto r = runCli({"--frames", "always", "flow", "namespace", "update", "prod", (u.dir / "prod").string(), "--delete",
                   "--server", u.fake.url(), "--format", "json"},
                  cliOptions(basicAuthEnv()));
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  auto doc = json::parse(r.out.substr(0, r.out.find("\n::")));
  CHECK(doc["createdFlows"] == json::array({"fresh"}));
  CHECK(doc["updatedFlows"] == json::array({"changed"}));
  CHECK(doc["unchangedFlows"] == json::array({"same"}));
  CHECK(doc["deletedFlows"] == json::array({"gone"}));
  auto after = u.fake.state();
  CHECK(revision(after, "prod", "same") == revision(before, "prod", "same"));
  CHECK(revision(after, "prod", "changed") == revision(before, "prod", "changed") + 1);
  for (const auto& f : doc["documents"])
    if (f["id"] == "changed") CHECK(f["revision"] == revision(after, "prod", "changed"));
  auto held = sources(after);
  CHECK_FALSE(held.count("prod.gone"));
  CHECK(held.count("prod.child.kept"));  // a child namespace is never touched
  CHECK(has(r.out, R"("name":"flows.deleted","type":"counter","value":1,)"));
  // What the dry run announced is what the write did.
  for (std::size_t i = 0; i < plan["documents"].size(); ++i) {
    std::string word = plan["documents"][i]["change"];
    std::string done = doc["documents"][i]["change"];
    CHECK(plan["documents"][i]["id"] == doc["documents"][i]["id"]);
    CHECK((word == "ADDED" ? "created" : word == "UPDATED" ? "updated" : word == "UNCHANGED" ? "unchanged" : "deleted") == done);
  }
}

TEST_CASE("Every flow is validated on the server before the first write", "[kestra][namespace-update]") {
  Update u;
  INFO("Kestra " << u.version);
  u.fake.seed("prod", flowYaml("prod", "old"));
  writeFile(u.dir / "prod/a.yml", flowYaml("prod", "a"));
  writeFile(u.dir / "prod/z.yml",
            "id: z\nnamespace: prod\ntasks:\n  - id: x\n    type: io.kestra.plugin.core.debug.NoSuchTask\n");
  auto before = u.fake.state();
  auto r = u.run({"--delete"});
  CHECK(r.exitCode == 1);
  CHECK(has(r.err, "\t- Invalid type: io.kestra.plugin.core.debug.NoSuchTask (" + (u.dir / "prod/z.yml").string() + ":1:1)"));
  CHECK(has(r.err, "nothing was written"));
  CHECK(writes(u.fake).empty());
  CHECK(u.fake.state() == before);
}

TEST_CASE("Two files defining the same flow are refused before anything is sent", "[kestra][namespace-update]") {
  Update u;
  writeFile(u.dir / "prod/a.yml", flowYaml("prod", "a"));
  writeFile(u.dir / "prod/copy.yml", flowYaml("prod", "a", "other"));
  auto r = u.run({});
  CHECK(r.exitCode == 1);
  CHECK(has(r.err, "\t- flow 'prod.a' is also defined in " + (u.dir / "prod/a.yml").string() +
                       ":1 (each would overwrite the other) (" + (u.dir / "prod/copy.yml").string() + ":1:1)"));
  CHECK(u.fake.requests().empty());
}

TEST_CASE("A write failing at any position is rolled back to the sources held before", "[kestra][namespace-update]") {
  Update u;
  std::string mode = GENERATE(as<std::string>{}, "error-500", "error-422", "close-after-write");
  // Three writes then one deletion, one at a time: positions 0..3 are first, middle, last write, deletion.
  int position = GENERATE(0, 1, 2, 3);
  INFO("Kestra " << u.version << ", " << mode << " at write " << position);
  u.fake.seed("prod", flowYaml("prod", "a"));
  u.fake.seed("prod", flowYaml("prod", "b"));
  u.fake.seed("prod", flowYaml("prod", "gone"));
  writeFile(u.dir / "prod/a.yml", flowYaml("prod", "a", "new a"));
  writeFile(u.dir / "prod/b.yml", flowYaml("prod", "b", "new b"));
  writeFile(u.dir / "prod/c.yml", flowYaml("prod", "c"));
  auto before = sources(u.fake.state());
  u.fake.setFault(mode, 1, "POST,PUT,DELETE", position + 1);  // the validation (a POST) passes first

  auto r = u.run({"--delete", "--parallel", "1", "--format", "json"});
  INFO(r.out << r.err);
  if (mode == "close-after-write" && position < 2) {
    // A PUT whose answer was lost is sent again (the same source makes no new revision): it succeeds.
    CHECK(r.exitCode == 0);
    CHECK(sources(u.fake.state()).at("prod.a") == flowYaml("prod", "a", "new a"));
    return;
  }
  CHECK(r.exitCode == 3);
  CHECK(sources(u.fake.state()) == before);
  auto doc = json::parse(r.out);
  REQUIRE(doc["failure"].is_object());
  CHECK(doc["rollback"]["attempted"] == true);
  CHECK(doc["rollback"]["complete"] == true);
  const char* failed[] = {"a", "b", "c", "gone"};
  CHECK(doc["failure"]["id"] == failed[position]);
}

TEST_CASE("A rollback that fails names the flow that differs and how to finish by hand", "[kestra][namespace-update]") {
  Update u;
  INFO("Kestra " << u.version);
  u.fake.seed("prod", flowYaml("prod", "a"));
  writeFile(u.dir / "prod/a.yml", flowYaml("prod", "a", "new a"));
  writeFile(u.dir / "prod/b.yml", flowYaml("prod", "b"));
  auto before = sources(u.fake.state());
  // The validation (POST) and write 1 (PUT a) pass, write 2 (POST b) fails, and so does the rollback's PUT of a.
  u.fake.setFault("error-500", -1, "POST,PUT", 2);

  RunOptions options = cliOptions(basicAuthEnv());
  options.cwd = u.dir.path();
  auto r = runCli({"flow", "namespace", "update", "prod", (u.dir / "prod").string(), "--server", u.fake.url(),
                   "--parallel", "1"},
                  options);
  INFO(r.err);
  CHECK(r.exitCode == 3);
  CHECK(has(r.err, "✘ - writing flow 'prod.b'"));
  CHECK(has(r.err, "✘ - rollback of 'prod.a' failed"));
  CHECK(has(r.err, "rollback incomplete"));
  auto now = sources(u.fake.state());
  CHECK(now["prod.a"] == flowYaml("prod", "a", "new a"));  // exactly what the report names
  CHECK_FALSE(now.count("prod.b"));

  // The printed command puts it back.
  u.fake.setFault("none");
  auto saved = u.dir / "kestra-cicd-restore/prod/a.yml";
  REQUIRE(std::filesystem::exists(saved));
  CHECK(has(r.err, "run: kestra-cicd flow namespace update prod " + saved.string()));
  auto fix = runCli({"flow", "namespace", "update", "prod", saved.string(), "--server", u.fake.url()}, options);
  CHECK(fix.exitCode == 0);
  CHECK(sources(u.fake.state()) == before);
}

TEST_CASE("Without rollback, the writes made before the failure, and says which", "[kestra][namespace-update]") {
  Update u;
  INFO("Kestra " << u.version);
  writeFile(u.dir / "prod/a.yml", flowYaml("prod", "a"));
  writeFile(u.dir / "prod/b.yml", flowYaml("prod", "b"));
  u.fake.setFault("error-500", 1, "POST", 2);  // the validation and a's creation pass
  auto r = u.run({"--parallel", "1", "--no-rollback"});
  CHECK(r.exitCode == 3);
  CHECK(has(r.err, "not rolled back (--no-rollback); written before the failure: prod.a (created)"));
  CHECK(sources(u.fake.state()) == std::map<std::string, std::string>{{"prod.a", flowYaml("prod", "a")}});
}
