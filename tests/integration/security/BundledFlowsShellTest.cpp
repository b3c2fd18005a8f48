// Shell injection sweep over the bundled flows (flows/ and plugin/flows/).
//
// Kestra renders a shell Commands task's `commands` and `env` with Pebble before /bin/sh runs the
// commands: whatever `{{ inputs.x }}` yields is pasted into the script text, so quotes written around
// it in the flow protect nothing. For every io.kestra.plugin.scripts.shell.Commands task of every
// bundled flow this test
//   - renders the task's env values and commands as Pebble would, every input and trigger value being a
//     hostile string (quotes of both kinds, $(...), backticks, ;, newlines, $GIT_PASSWORD, globs),
//   - runs the commands joined by newlines under `/bin/sh -c` (Kestra's default interpreter, `set -e`
//     first as with failFast) with the rendered env map, /app/kestra-cicd being a stub that records its
//     argv (NUL-terminated),
//   - asserts every hostile value reached kestra-cicd as exactly one argument, unchanged, that no secret
//     of the environment was printed, and that nothing injected ran;
// and asserts that the commands hold no Pebble expression at all (inputs, trigger values and secrets go
// through `env`), and that every input reaching a command is a BOOL, a SELECT, or a STRING with a
// `validator` that rejects the hostile values and accepts real ones.
#include <catch2/catch_test_macros.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "Process.h"
#include "runtime/Base64.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------------
// A small Pebble subset: enough for the expressions the bundled flows use. Anything else throws, so a
// flow that grows an expression this renderer does not know fails here instead of going unchecked.

struct Value {
  enum Kind { Null, Bool, Str, List, Map, Hostile } kind = Null;
  bool b = false;
  std::string s;  // Str; Hostile: the path of the attacker-controlled value (e.g. trigger.headers.x)
  std::vector<Value> list;
  std::map<std::string, Value> map;

  static Value str(std::string v) { Value x; x.kind = Str; x.s = std::move(v); return x; }
  static Value boolean(bool v) { Value x; x.kind = Bool; x.b = v; return x; }
  static Value hostile(std::string path) { Value x; x.kind = Hostile; x.s = std::move(path); return x; }
};

// What rendering needs from the test: hostile strings, secrets, and which inputs were read.
struct Context {
  std::map<std::string, Value> inputs;            // declared inputs (hostile, or bools)
  std::map<std::string, Value> vars;              // the flow's `variables` (written by the flow's author)
  std::map<std::string, Value> locals;            // {% for %} variables
  std::function<std::string(const std::string&)> hostileText;  // path -> hostile string
  std::function<std::string(const std::string&)> secret;       // secret('X') -> its value
  std::set<std::string> inputsRead;
};

struct Token {
  enum Kind { Ident, String, Number, Punct, End } kind;
  std::string text;
};

std::vector<Token> lex(const std::string& e) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < e.size()) {
    char c = e[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < e.size() && (std::isalnum(static_cast<unsigned char>(e[j])) || e[j] == '_')) ++j;
      out.push_back({Token::Ident, e.substr(i, j - i)});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < e.size() && std::isdigit(static_cast<unsigned char>(e[j]))) ++j;
      out.push_back({Token::Number, e.substr(i, j - i)});
      i = j;
    } else if (c == '\'' || c == '"') {
      std::string s;
      size_t j = i + 1;
      for (; j < e.size() && e[j] != c; ++j) {
        if (e[j] == '\\' && j + 1 < e.size()) ++j;
        s += e[j];
      }
      if (j >= e.size()) throw std::runtime_error("unterminated string in {{ " + e + " }}");
      out.push_back({Token::String, s});
      i = j + 1;
    } else {
      static const char* two[] = {"??", "==", "!="};
      bool matched = false;
      for (const char* t : two)
        if (e.compare(i, 2, t) == 0) { out.push_back({Token::Punct, t}); i += 2; matched = true; break; }
      if (matched) continue;
      if (std::string(".[](),|~?:").find(c) == std::string::npos)
        throw std::runtime_error(std::string("unsupported character '") + c + "' in {{ " + e + " }}");
      out.push_back({Token::Punct, std::string(1, c)});
      ++i;
    }
  }
  out.push_back({Token::End, ""});
  return out;
}

class Expr {
 public:
  Expr(const std::string& text, Context& ctx) : text_(text), toks_(lex(text)), ctx_(ctx) {}

  Value evaluate() {
    Value v = ternary();
    if (peek().kind != Token::End) fail("unexpected '" + peek().text + "'");
    return v;
  }

 private:
  const Token& peek() const { return toks_[pos_]; }
  bool accept(const std::string& t) {
    if (peek().kind != Token::End && peek().kind != Token::String && peek().text == t) { ++pos_; return true; }
    return false;
  }
  void expect(const std::string& t) { if (!accept(t)) fail("expected '" + t + "'"); }
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("unsupported Pebble expression {{ " + text_ + " }}: " + why);
  }

  static bool empty(const Value& v) {
    return v.kind == Value::Null || (v.kind == Value::Str && v.s.empty()) ||
           (v.kind == Value::List && v.list.empty()) || (v.kind == Value::Map && v.map.empty());
  }
  bool truthy(const Value& v) const {
    if (v.kind == Value::Bool) return v.b;
    if (v.kind == Value::Null) return false;
    fail("a condition that is not a boolean");
  }

  Value ternary() {
    Value c = orExpr();
    if (!accept("?")) return c;
    Value a = ternary();
    expect(":");
    Value b = ternary();
    return truthy(c) ? a : b;
  }
  Value orExpr() {
    Value v = andExpr();
    while (accept("or")) { Value r = andExpr(); v = Value::boolean(truthy(v) || truthy(r)); }
    return v;
  }
  Value andExpr() {
    Value v = test();
    while (accept("and")) { Value r = test(); v = Value::boolean(truthy(v) && truthy(r)); }
    return v;
  }
  Value test() {
    Value v = comparison();
    if (!accept("is")) return v;
    bool negate = accept("not");
    bool result;
    if (accept("empty")) result = empty(v);
    else if (accept("null")) result = v.kind == Value::Null;
    else if (accept("defined")) result = v.kind != Value::Null;
    else fail("unknown test");
    return Value::boolean(negate ? !result : result);
  }
  Value comparison() {
    Value v = coalesce();
    bool eq = accept("==");
    if (!eq && !accept("!=")) return v;
    Value r = coalesce();
    bool same = render(v) == render(r);
    return Value::boolean(eq ? same : !same);
  }
  Value coalesce() {
    Value v = concat();
    while (accept("??")) {
      Value r = concat();
      if (v.kind == Value::Null) v = r;
    }
    return v;
  }
  Value concat() {
    Value v = unary();
    while (accept("~")) { Value r = unary(); v = Value::str(render(v) + render(r)); }
    return v;
  }
  Value unary() {
    if (accept("not")) return Value::boolean(!truthy(unary()));
    return postfix();
  }
  Value postfix() {
    Value v = primary();
    for (;;) {
      if (accept(".")) {
        if (peek().kind != Token::Ident) fail("expected a name after '.'");
        v = attribute(v, toks_[pos_++].text);
      } else if (accept("[")) {
        Value key = ternary();
        expect("]");
        v = attribute(v, render(key));
      } else if (accept("|")) {
        if (peek().kind != Token::Ident) fail("expected a filter name");
        std::string filter = toks_[pos_++].text;
        std::vector<Value> args;
        if (accept("(")) {
          if (!accept(")")) {
            do args.push_back(ternary()); while (accept(","));
            expect(")");
          }
        }
        v = applyFilter(v, filter, args);
      } else {
        return v;
      }
    }
  }
  Value applyFilter(const Value& v, const std::string& filter, const std::vector<Value>& args) {
    if (filter == "first") {
      if (v.kind == Value::Hostile) return v;
      if (v.kind == Value::List) return v.list.empty() ? Value{} : v.list.front();
      if (v.kind == Value::Str) return Value::str(v.s.substr(0, 1));
      return Value{};
    }
    if (filter == "join") {
      std::string sep = args.empty() ? "" : render(args[0]);
      if (v.kind != Value::List) return Value::str(render(v));
      std::string out;
      for (size_t i = 0; i < v.list.size(); ++i) out += (i ? sep : "") + render(v.list[i]);
      return Value::str(out);
    }
    if (filter == "trim") {
      std::string s = render(v);
      size_t a = s.find_first_not_of(" \t\n\r"), b = s.find_last_not_of(" \t\n\r");
      return Value::str(a == std::string::npos ? "" : s.substr(a, b - a + 1));
    }
    fail("filter '" + filter + "'");
  }
  Value attribute(const Value& v, const std::string& key) {
    if (v.kind == Value::Hostile) return Value::hostile(v.s + "." + key);
    if (v.kind == Value::Map) {
      auto it = v.map.find(key);
      return it == v.map.end() ? Value{} : it->second;
    }
    return Value{};
  }
  Value primary() {
    const Token t = peek();
    if (t.kind == Token::String) { ++pos_; return Value::str(t.text); }
    if (t.kind == Token::Number) { ++pos_; return Value::str(t.text); }
    if (accept("(")) { Value v = ternary(); expect(")"); return v; }
    if (accept("[")) {
      Value list;
      list.kind = Value::List;
      if (!accept("]")) {
        do list.list.push_back(ternary()); while (accept(","));
        expect("]");
      }
      return list;
    }
    if (t.kind != Token::Ident) fail("unexpected '" + t.text + "'");
    ++pos_;
    const std::string& name = t.text;
    if (name == "true" || name == "false") return Value::boolean(name == "true");
    if (name == "null") return Value{};
    if (name == "secret") {
      expect("(");
      Value key = ternary();
      expect(")");
      return Value::str(ctx_.secret(render(key)));
    }
    if (name == "inputs") {
      expect(".");
      if (peek().kind != Token::Ident) fail("expected an input id");
      std::string id = toks_[pos_++].text;
      ctx_.inputsRead.insert(id);
      auto it = ctx_.inputs.find(id);
      if (it == ctx_.inputs.end()) fail("input '" + id + "' is not declared by the flow");
      return it->second;
    }
    if (name == "trigger") return Value::hostile("trigger");
    if (name == "vars") {
      Value m;
      m.kind = Value::Map;
      m.map = ctx_.vars;
      return m;
    }
    if (name == "kestra") {
      Value m;
      m.kind = Value::Map;
      m.map["url"] = Value::str("http://127.0.0.1:8080/");
      return m;
    }
    if (name == "flow" || name == "execution") {
      Value m;
      m.kind = Value::Map;
      m.map["id"] = Value::str(name + "-id");
      m.map["namespace"] = Value::str("company.team");
      return m;
    }
    auto local = ctx_.locals.find(name);
    if (local != ctx_.locals.end()) return local->second;
    fail("unknown variable '" + name + "'");
  }

 public:
  std::string render(const Value& v) const {
    switch (v.kind) {
      case Value::Null: return "";
      case Value::Bool: return v.b ? "true" : "false";
      case Value::Str: return v.s;
      case Value::Hostile: return ctx_.hostileText(v.s);
      case Value::List: {
        std::string out = "[";
        for (size_t i = 0; i < v.list.size(); ++i) out += (i ? ", " : "") + render(v.list[i]);
        return out + "]";
      }
      case Value::Map: return "{...}";
    }
    return "";
  }

 private:
  std::string text_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  Context& ctx_;
};

std::string evaluateToText(const std::string& expr, Context& ctx) {
  Expr e(expr, ctx);
  Value v = e.evaluate();
  return e.render(v);
}

// Renders a template: {{ expr }}, {% for x in expr %}…{% endfor %}, {# comment #}.
std::string renderTemplate(const std::string& tpl, Context& ctx) {
  std::string out;
  size_t i = 0;
  while (i < tpl.size()) {
    size_t open = tpl.find('{', i);
    while (open != std::string::npos && open + 1 < tpl.size() && tpl[open + 1] != '{' && tpl[open + 1] != '%' &&
           tpl[open + 1] != '#')
      open = tpl.find('{', open + 1);
    if (open == std::string::npos || open + 1 >= tpl.size()) {
      out += tpl.substr(i);
      break;
    }
    out += tpl.substr(i, open - i);
    char kind = tpl[open + 1];
    std::string close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
    size_t end = tpl.find(close, open + 2);
    if (end == std::string::npos) throw std::runtime_error("unterminated Pebble tag in: " + tpl);
    std::string inner = tpl.substr(open + 2, end - open - 2);
    if (!inner.empty() && (inner.front() == '-' || inner.back() == '-'))
      throw std::runtime_error("whitespace control is not supported: " + tpl);
    i = end + 2;
    if (kind == '#') continue;
    if (kind == '{') {
      out += evaluateToText(inner, ctx);
      continue;
    }
    // {% for name in expr %} body {% endfor %} (not nested)
    static const std::regex forTag(R"(^\s*for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(.+?)\s*$)");
    std::smatch m;
    if (!std::regex_match(inner, m, forTag)) throw std::runtime_error("unsupported Pebble tag {%" + inner + "%}");
    static const std::regex endTag(R"(\{%\s*endfor\s*%\})");
    std::smatch em;
    std::string rest = tpl.substr(i);
    if (!std::regex_search(rest, em, endTag)) throw std::runtime_error("{% for %} without {% endfor %}");
    std::string body = rest.substr(0, static_cast<size_t>(em.position(0)));
    i += static_cast<size_t>(em.position(0) + em.length(0));
    Expr e(m[2].str(), ctx);
    Value seq = e.evaluate();
    std::vector<Value> items;
    if (seq.kind == Value::List) items = seq.list;
    else if (seq.kind == Value::Hostile) items.push_back(seq);
    else if (seq.kind != Value::Null) throw std::runtime_error("{% for %} over a value that is not a list");
    for (const auto& item : items) {
      ctx.locals[m[1].str()] = item;
      out += renderTemplate(body, ctx);
    }
    ctx.locals.erase(m[1].str());
  }
  return out;
}

bool hasPebble(const std::string& s) {
  return s.find("{{") != std::string::npos || s.find("{%") != std::string::npos;
}

// ---------------------------------------------------------------------------------------------------
// The hostile values and the secrets.

const std::string kPayload =
    "main\"; echo \"$GIT_PASSWORD\"; echo \" ' ; echo '$KESTRA_PASSWORD' $(touch pwned-subst) `touch pwned-tick`"
    " ${WEBHOOK_SECRET} $KESTRA_USER ${SECRET_GITHUB_TOKEN} & touch pwned-bg | cat\n"
    "touch pwned-newline; echo $GIT_PASSWORD >&2 \\ * ? [a] ~ %s\t< /dev/null > pwned-redirect #";

std::string secretValue(const std::string& name) { return "s3cr3t-" + name + "-9f2c7e1a"; }

struct Hostiles {
  std::map<std::string, std::string> byPath;  // input or trigger path -> its hostile text
  std::string text(const std::string& path) {
    auto it = byPath.find(path);
    if (it != byPath.end()) return it->second;
    std::string v = "KCICD" + std::to_string(byPath.size() + 1) + "X " + kPayload;
    byPath[path] = v;
    return v;
  }
};

std::string marker(const std::string& hostile) { return hostile.substr(0, hostile.find(' ')); }

// Real values each validator must accept, by input id.
const std::map<std::string, std::vector<std::string>> kRealValues{
    {"branch", {"main", "feature/x-1.2", "release/2024.06", "dependabot/npm_and_yarn/lodash-4.17.21", "v2", "fix_a+b"}},
    {"tag", {"v1.2.3", "release-2024.06.01", "1.0.0-rc.1"}},
    {"repository",
     {"https://github.com/my-org/kestra-flows.git", "https://gitlab.example.com:8443/group/sub/flows",
      "http://127.0.0.1:3000/org/repo.git", "ssh://git@github.com/my-org/flows.git", "git@github.com:my-org/flows.git",
      "file:///srv/git/flows.git", "https://user@bitbucket.org/team/flows.git"}},
    {"namespace", {"company.team", "prod", "prod.marketing", "a-b_c.d1"}},
    {"namespaces", {"company.team", "prod,prod.marketing", "a-b_c.d1,x"}},
    {"path", {"flows", "flows/prod", "kestra/flows_v2"}},
    {"flows_dir", {"flows", "flows/prod", "kestra/flows_v2"}},
    {"kestra_url", {"http://localhost:8080", "https://kestra.example.com", "http://10.0.0.5:8080/kestra/"}},
    {"kestra_user_secret", {"KESTRA_USER", "PROD_KESTRA_USER", "kestra_user_2"}},
    {"kestra_password_secret", {"KESTRA_PASSWORD", "PROD_KESTRA_PASSWORD"}},
    {"git_token_secret", {"GITHUB_TOKEN", "GITLAB_TOKEN", "GIT_PAT_1"}},
    {"webhook_secret", {"WEBHOOK_SECRET", "GITLAB_WEBHOOK_TOKEN"}},
    {"signature",
     {"sha256=0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", "my-gitlab-token_123"}},
};

// ---------------------------------------------------------------------------------------------------
// The flows.

const char* const kSecretNames[] = {"GITHUB_TOKEN", "KESTRA_USER", "KESTRA_PASSWORD", "WEBHOOK_SECRET", "WEBHOOK_KEY"};

std::vector<fs::path> bundledFlows() {
  std::vector<fs::path> out;
  for (const char* dir : {"flows", "plugin/flows"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(KCICD_SOURCE_DIR) / dir)) {
      auto ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml")) out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool isShellTask(const YAML::Node& node) {
  if (!node.IsMap() || !node["type"] || !node["type"].IsScalar()) return false;
  const std::string type = node["type"].as<std::string>();
  return type == "io.kestra.plugin.scripts.shell.Commands" || type == "io.kestra.plugin.scripts.shell.Script" ||
         type == "io.kestra.core.tasks.scripts.Bash" || type == "io.kestra.plugin.scripts.shell.CommandsTrigger" ||
         type == "io.kestra.plugin.scripts.shell.ScriptTrigger";
}

void collectShellTasks(const YAML::Node& node, std::vector<YAML::Node>& out) {
  if (isShellTask(node)) out.push_back(node);
  if (node.IsMap())
    for (const auto& kv : node) collectShellTasks(kv.second, out);
  else if (node.IsSequence())
    for (const auto& item : node) collectShellTasks(item, out);
}

struct Input {
  std::string type;
  std::optional<std::string> validator;
  std::optional<std::string> defaults;
  bool customValues = false;
};

std::map<std::string, Input> declaredInputs(const YAML::Node& flow) {
  std::map<std::string, Input> declared;
  if (flow["inputs"])
    for (const auto& in : flow["inputs"]) {
      Input input;
      input.type = in["type"].as<std::string>();
      if (in["validator"]) input.validator = in["validator"].as<std::string>();
      if (in["defaults"] && in["defaults"].IsScalar()) input.defaults = in["defaults"].as<std::string>();
      if (in["allowCustomValue"]) input.customValues = in["allowCustomValue"].as<bool>();
      declared[in["id"].as<std::string>()] = input;
    }
  return declared;
}

// The `commands` and `env` templates of a shell task.
struct ShellTask {
  std::string id;
  std::vector<std::string> commands;
  std::map<std::string, std::string> env;
};

ShellTask shellTask(const YAML::Node& task) {
  ShellTask t;
  t.id = task["id"] ? task["id"].as<std::string>() : "?";
  for (const auto& c : task["commands"]) t.commands.push_back(c.as<std::string>());
  if (task["env"])
    for (const auto& kv : task["env"]) t.env[kv.first.as<std::string>()] = kv.second.as<std::string>();
  return t;
}

// Each stub call is recorded as "CALL\0" then each argument NUL-terminated (an argument holds no NUL).
void readArgvFile(const fs::path& file, std::vector<std::string>& items, std::vector<std::vector<std::string>>& calls) {
  if (!fs::exists(file)) return;
  std::string data = readFile(file);
  size_t i = 0;
  while (i < data.size()) {
    size_t z = data.find('\0', i);
    if (z == std::string::npos) throw std::runtime_error("argv record without its NUL terminator");
    items.push_back(data.substr(i, z - i));
    i = z + 1;
  }
  for (const auto& item : items) {
    if (item == "CALL") calls.emplace_back();
    else if (!calls.empty()) calls.back().push_back(item);
  }
}

struct TaskRun {
  std::string error;  // rendering or reading the record failed
  std::map<std::string, std::string> env;
  std::string script;
  ProcessResult result;
  std::vector<std::string> argvItems;
  std::vector<std::vector<std::string>> calls;
  std::vector<std::string> createdFiles;  // left by the script in its working directory or beside it

  std::string describe() const {
    std::string s = "script:\n" + script + "\nexit " + std::to_string(result.exitCode) + "\nstdout:\n" + result.out +
                    "\nstderr:\n" + result.err + "\ncalls:\n";
    for (const auto& call : calls) {
      s += "kestra-cicd";
      for (const auto& a : call) s += " «" + a + "»";
      s += "\n";
    }
    for (const auto& f : createdFiles) s += "created: " + f + "\n";
    return s;
  }
};

// Renders the task as Kestra does (its env values and commands, Pebble first), then runs the commands
// joined by newlines under /bin/sh -c with that env, /app/kestra-cicd being a stub that records its
// argv. The binary's absolute path is rewritten in the command templates, before any value is put in.
TaskRun renderAndRun(const ShellTask& task, Context& ctx) {
  TaskRun run_;
  run_.script = "set -e\n";
  try {
    for (const auto& [name, tpl] : task.env) run_.env[name] = renderTemplate(tpl, ctx);
    for (size_t k = 0; k < task.commands.size(); ++k) {
      std::string c = task.commands[k];
      for (size_t p; (p = c.find("/app/kestra-cicd")) != std::string::npos;)
        c.replace(p, std::string("/app/kestra-cicd").size(), "kestra-cicd");
      run_.script += (k ? "\n" : "") + renderTemplate(c, ctx);
    }
  } catch (const std::exception& e) {
    run_.error = std::string("rendering: ") + e.what();
    return run_;
  }

  TempDir dir;
  fs::create_directories(dir / "bin");
  fs::create_directories(dir / "work");
  const fs::path argvFile = dir / "argv";
  writeFile(dir / "bin" / "kestra-cicd",
            "#!/bin/sh\n"
            "{ printf 'CALL\\0'; for a in \"$@\"; do printf '%s\\0' \"$a\"; done; } >> '" + argvFile.string() + "'\n");
  fs::permissions(dir / "bin" / "kestra-cicd", fs::perms::owner_all);
  RunOptions o;
  o.clearEnv = true;
  o.cwd = dir / "work";
  o.env = run_.env;
  o.env["PATH"] = (dir / "bin").string() + ":/usr/bin:/bin";
  o.env["HOME"] = dir.path().string();
  // A Kestra OSS worker holds its secrets as SECRET_<NAME> (base64) in its environment, which the
  // Process task runner passes on.
  for (const char* s : kSecretNames) o.env[std::string("SECRET_") + s] = kcicd::base64::encode(secretValue(s));
  o.timeout = std::chrono::seconds(30);
  run_.result = run({"/bin/sh", "-c", run_.script}, o);
  try {
    readArgvFile(argvFile, run_.argvItems, run_.calls);
  } catch (const std::exception& e) {
    run_.error = e.what();
  }
  for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
    auto rel = fs::relative(e.path(), dir.path()).string();
    if (rel != "bin" && rel != "bin/kestra-cicd" && rel != "work" && rel != "argv") run_.createdFiles.push_back(rel);
  }
  return run_;
}

YAML::Node loadFlow(const std::string& rel) { return YAML::LoadFile((fs::path(KCICD_SOURCE_DIR) / rel).string()); }

ShellTask onlyShellTask(const YAML::Node& flow) {
  std::vector<YAML::Node> tasks;
  collectShellTasks(flow, tasks);
  REQUIRE(tasks.size() == 1);
  return shellTask(tasks.front());
}

}  // namespace

TEST_CASE("bundled flows pass inputs, trigger values and secrets to kestra-cicd without shell injection",
          "[security][flows]") {
  auto files = bundledFlows();
  REQUIRE(files.size() >= 9);
  int shellTasks = 0;
  size_t arrivalsChecked = 0;

  for (const auto& file : files) {
    const std::string rel = fs::relative(file, KCICD_SOURCE_DIR).string();
    YAML::Node flow = YAML::LoadFile(file.string());
    std::vector<YAML::Node> tasks;
    collectShellTasks(flow, tasks);
    const auto declared = declaredInputs(flow);

    for (const auto& node : tasks) {
      ++shellTasks;
      const ShellTask task = shellTask(node);
      INFO(rel << " task " << task.id);
      REQUIRE(node["type"].as<std::string>() == "io.kestra.plugin.scripts.shell.Commands");
      CHECK_FALSE(node["interpreter"]);     // /bin/sh -c, as run below
      CHECK_FALSE(node["beforeCommands"]);  // rendered like commands: keep them out

      // Nothing is rendered into the script text: inputs, trigger values and secrets go through env.
      for (const auto& c : task.commands) {
        INFO("command: " << c);
        CHECK_FALSE(hasPebble(c));
      }

      for (bool flag : {true, false}) {
        INFO("BOOL inputs: " << (flag ? "true" : "false"));
        Hostiles hostiles;
        Context ctx;
        ctx.hostileText = [&](const std::string& path) { return hostiles.text(path); };
        // Secrets read by name (secret('X')) or through an input naming one (the plugin subflows'
        // *_secret inputs): each value read must stay unprinted, whatever its name.
        std::set<std::string> secretsRead;
        ctx.secret = [&](const std::string& name) {
          secretsRead.insert(secretValue(name));
          return secretValue(name);
        };
        for (const auto& [id, input] : declared) {
          if (input.type == "BOOL" || input.type == "BOOLEAN") ctx.inputs[id] = Value::boolean(flag);
          else if (input.type == "ARRAY" || input.type == "MULTISELECT") {
            Value list;
            list.kind = Value::List;
            list.list.push_back(Value::hostile("inputs." + id + "[0]"));
            ctx.inputs[id] = list;
          } else ctx.inputs[id] = Value::hostile("inputs." + id);
        }
        if (flow["variables"])
          for (const auto& kv : flow["variables"])
            if (kv.second.IsScalar()) ctx.vars[kv.first.as<std::string>()] = Value::str(kv.second.as<std::string>());

        TaskRun r = renderAndRun(task, ctx);
        if (!r.error.empty()) {
          FAIL_CHECK(r.error);
          continue;
        }

        // The hostile values that must reach kestra-cicd: those held by an env variable the commands
        // read, and those rendered into the commands themselves.
        std::map<std::string, std::string> mustArrive;  // marker -> full hostile text
        for (const auto& [path, text] : hostiles.byPath) {
          bool viaEnv = false;
          for (const auto& [name, value] : r.env) {
            if (value.find(marker(text)) == std::string::npos) continue;
            for (const auto& c : task.commands)
              if (c.find("$" + name) != std::string::npos || c.find("${" + name) != std::string::npos) viaEnv = true;
          }
          if (viaEnv || r.script.find(marker(text)) != std::string::npos) mustArrive[marker(text)] = text;
        }

        // Every input the task reads is a BOOL, a SELECT, or a STRING whose validator rejects the
        // hostile values and accepts real ones.
        for (const auto& id : ctx.inputsRead) {
          INFO("input " << id);
          const Input& input = declared.at(id);
          if (input.type == "BOOL" || input.type == "BOOLEAN") continue;
          if (input.type == "SELECT") {
            CHECK_FALSE(input.customValues);
            continue;
          }
          CHECK(input.type == "STRING");
          if (!input.validator) {
            FAIL_CHECK("input '" << id << "' reaches a shell command without a validator");
            continue;
          }
          INFO("validator " << *input.validator);
          std::regex re;
          try {
            re = std::regex(*input.validator);
          } catch (const std::regex_error& e) {
            FAIL_CHECK("validator is not a regex std::regex reads: " << e.what());
            continue;
          }
          CHECK_FALSE(std::regex_match(hostiles.text("inputs." + id), re));
          CHECK_FALSE(std::regex_match(std::string("main\"; echo \"$GIT_PASSWORD\"; echo \""), re));
          CHECK_FALSE(std::regex_match(std::string("$(id)"), re));
          CHECK_FALSE(std::regex_match(std::string("-x"), re));
          if (input.defaults) CHECK(std::regex_match(*input.defaults, re));
          auto real = kRealValues.find(id);
          if (real != kRealValues.end())
            for (const auto& v : real->second) {
              INFO("real value " << v);
              CHECK(std::regex_match(v, re));
            }
        }

        INFO(r.describe());
        CHECK(r.result.exitCode == 0);
        CHECK_FALSE(r.calls.empty());
        // Nothing injected ran (the commands themselves create no file).
        CHECK(r.createdFiles.empty());

        // No secret was printed (nor handed over as an argument).
        std::set<std::string> secrets = secretsRead;
        for (const char* s : kSecretNames) secrets.insert(secretValue(s));
        for (const auto& secret : secrets) {
          for (const auto& leak : {secret, kcicd::base64::encode(secret)}) {
            CHECK(r.result.out.find(leak) == std::string::npos);
            CHECK(r.result.err.find(leak) == std::string::npos);
            for (const auto& a : r.argvItems) CHECK(a.find(leak) == std::string::npos);
          }
        }

        // Each hostile value reached kestra-cicd as exactly one argument, unchanged.
        for (const auto& [mark, text] : mustArrive) {
          INFO("hostile value " << mark);
          ++arrivalsChecked;
          int callsWithIt = 0;
          for (const auto& call : r.calls) {
            int holding = 0;
            bool whole = false;
            for (const auto& a : call)
              if (a.find(mark) != std::string::npos) {
                ++holding;
                whole = whole || a.find(text) != std::string::npos;
              }
            if (holding == 0) continue;
            ++callsWithIt;
            CHECK(holding == 1);
            CHECK(whole);
          }
          CHECK(callsWithIt >= 1);
        }
      }
    }
  }
  CHECK(shellTasks >= 8);
  CHECK(arrivalsChecked >= 40);  // 20 input and trigger values in the 7 tasks, BOOL inputs true and false
}

TEST_CASE("bundled flows hand kestra-cicd the arguments their inputs ask for", "[security][flows]") {
  const std::string repo = "https://github.com/my-org/kestra-flows.git";
  Context ctx;
  ctx.hostileText = [](const std::string& path) -> std::string { throw std::runtime_error("no hostile " + path); };
  ctx.secret = secretValue;
  using Args = std::vector<std::vector<std::string>>;

  SECTION("deploy-manual: comma-separated namespaces, dry run") {
    auto task = onlyShellTask(loadFlow("flows/company.cicd/deploy-manual.yml"));
    ctx.inputs = {{"repository", Value::str(repo)}, {"branch", Value::str("feature/x-1.2")},
                  {"namespaces", Value::str("prod,prod.marketing")}, {"dry_run", Value::boolean(true)},
                  {"delete", Value::boolean(false)}};
    auto r = renderAndRun(task, ctx);
    INFO(r.error << r.describe());
    CHECK(r.calls == Args{{"deploy", "--repo=" + repo, "--branch=feature/x-1.2", "--read-only=add",
                           "--namespace=prod", "--namespace=prod.marketing", "--dry-run", "--no-delete"}});
  }
  SECTION("deploy-manual: no namespaces given (null), for real, deleting") {
    auto task = onlyShellTask(loadFlow("flows/company.cicd/deploy-manual.yml"));
    ctx.inputs = {{"repository", Value::str(repo)}, {"branch", Value::str("main")}, {"namespaces", Value{}},
                  {"dry_run", Value::boolean(false)}, {"delete", Value::boolean(true)}};
    auto r = renderAndRun(task, ctx);
    INFO(r.error << r.describe());
    CHECK(r.calls == Args{{"deploy", "--repo=" + repo, "--branch=main", "--read-only=add", "--delete"}});
  }
  SECTION("preview: a pull request's flows into pr-<number>.<namespace>, triggers off") {
    auto task = onlyShellTask(loadFlow("flows/company.cicd/preview.yml"));
    ctx.inputs = {{"repository", Value::str(repo)}, {"branch", Value::str("feature/x")},
                  {"pull_request", Value::str("42")}, {"delete", Value::boolean(true)}};
    auto r = renderAndRun(task, ctx);
    INFO(r.error << r.describe());
    CHECK(r.calls == Args{{"deploy", "--repo=" + repo, "--branch=feature/x", "--namespace-prefix=pr-42",
                           "--disable-triggers", "--delete"}});
  }
  SECTION("git-clone: a tag, no branch") {
    auto task = onlyShellTask(loadFlow("plugin/flows/git-clone.yml"));
    ctx.inputs = {{"repository", Value::str(repo)}, {"branch", Value{}}, {"tag", Value::str("v1.2.3")},
                  {"git_token_secret", Value::str("GITHUB_TOKEN")}};
    auto r = renderAndRun(task, ctx);
    INFO(r.error << r.describe());
    CHECK(r.calls == Args{{"git", "clone", "--directory", "repo", "--tag=v1.2.3", "--", repo}});
  }
  SECTION("namespace-update") {
    auto task = onlyShellTask(loadFlow("plugin/flows/namespace-update.yml"));
    ctx.inputs = {{"repository", Value::str(repo)}, {"branch", Value::str("main")},
                  {"namespace", Value::str("prod")}, {"path", Value::str("flows/prod")},
                  {"delete", Value::boolean(true)}, {"dry_run", Value::boolean(false)}, {"kestra_url", Value{}},
                  {"kestra_user_secret", Value::str("KESTRA_USER")},
                  {"kestra_password_secret", Value::str("KESTRA_PASSWORD")},
                  {"git_token_secret", Value::str("GITHUB_TOKEN")}};
    auto r = renderAndRun(task, ctx);
    INFO(r.error << r.describe());
    CHECK(r.calls == Args{{"git", "clone", "--directory", "repo", "--branch=main", "--", repo},
                          {"flow", "namespace", "update", "--delete", "--", "prod", "repo/flows/prod"}});
  }
  SECTION("deploy") {
    auto task = onlyShellTask(loadFlow("plugin/flows/deploy.yml"));
    ctx.inputs = {{"repository", Value::str(repo)}, {"branch", Value::str("main")},
                  {"flows_dir", Value::str("flows")}, {"read_only", Value::str("require")},
                  {"dry_run", Value::boolean(true)}, {"delete", Value::boolean(false)}, {"kestra_url", Value{}},
                  {"kestra_user_secret", Value::str("KESTRA_USER")},
                  {"kestra_password_secret", Value::str("KESTRA_PASSWORD")},
                  {"git_token_secret", Value::str("GITHUB_TOKEN")}};
    auto r = renderAndRun(task, ctx);
    INFO(r.error << r.describe());
    CHECK(r.calls == Args{{"deploy", "--repo=" + repo, "--branch=main", "--flows-dir=flows", "--read-only=require",
                           "--dry-run", "--no-delete"}});
    // The defaults: this instance, and the secrets the subflows always used.
    CHECK(r.env["KESTRA_SERVER"] == "http://127.0.0.1:8080/");
    CHECK(r.env["KESTRA_USER"] == secretValue("KESTRA_USER"));
    CHECK(r.env["KESTRA_PASSWORD"] == secretValue("KESTRA_PASSWORD"));
    CHECK(r.env["GIT_PASSWORD"] == secretValue("GITHUB_TOKEN"));
  }
  SECTION("deploy: another server and other secrets, given as inputs") {
    auto task = onlyShellTask(loadFlow("plugin/flows/deploy.yml"));
    ctx.inputs = {{"repository", Value::str(repo)}, {"branch", Value::str("main")},
                  {"flows_dir", Value::str("flows")}, {"read_only", Value::str("add")},
                  {"dry_run", Value::boolean(false)}, {"delete", Value::boolean(false)},
                  {"kestra_url", Value::str("https://kestra.example.com")},
                  {"kestra_user_secret", Value::str("PROD_USER")},
                  {"kestra_password_secret", Value::str("PROD_PASSWORD")},
                  {"git_token_secret", Value::str("GITLAB_TOKEN")}};
    auto r = renderAndRun(task, ctx);
    INFO(r.error << r.describe());
    CHECK(r.calls == Args{{"deploy", "--repo=" + repo, "--branch=main", "--flows-dir=flows", "--read-only=add",
                           "--no-delete"}});
    CHECK(r.env["KESTRA_SERVER"] == "https://kestra.example.com");
    CHECK(r.env["KESTRA_USER"] == secretValue("PROD_USER"));
    CHECK(r.env["KESTRA_PASSWORD"] == secretValue("PROD_PASSWORD"));
    CHECK(r.env["GIT_PASSWORD"] == secretValue("GITLAB_TOKEN"));
  }
  SECTION("ci-cd-1.3: the configured repository and branch only, nothing from the request") {
    YAML::Node flow = loadFlow("flows/company.cicd/ci-cd-1.3.yml");
    CHECK_FALSE(flow["triggers"][0]["fetchType"]);
    CHECK(flow["triggers"][0]["key"].as<std::string>() == "{{ secret('WEBHOOK_KEY') }}");
    auto task = onlyShellTask(flow);
    for (const auto& kv : flow["variables"]) ctx.vars[kv.first.as<std::string>()] = Value::str(kv.second.as<std::string>());
    auto r = renderAndRun(task, ctx);
    INFO(r.error << r.describe());
    CHECK(r.calls == Args{{"deploy", "--repo=" + repo, "--branch=main", "--read-only=add"}});
    for (const auto& [name, value] : r.env) {
      INFO("env " << name);
      CHECK(value.find("KCICD") == std::string::npos);  // no trigger value reaches the task
    }
  }
}
