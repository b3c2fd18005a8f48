#pragma once
// The patterns of a folder's `.kestraignore`, which the JVM CLI's `namespace files update` honoured
// (core/.../utils/KestraIgnore.java, 1.x, over nl.basjes.gitignore's GitIgnore): gitignore syntax, relative to
// the folder. Supported: blank lines and `#` comments, `!` negation, a trailing `/` (folders only), a `/` at
// the start or inside (anchored to the folder; otherwise the pattern matches a name at any depth), `*`, `?`,
// `[…]`, and `**` as `**/x`, `x/**` and `a/**/b`. A file is ignored when the last pattern matching it, or one
// of its folders, is not negated; as in Git, a file under an ignored folder cannot be brought back.
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::pipeline {

class KestraIgnore {
 public:
  KestraIgnore() = default;
  // The file's content; a pattern std::regex cannot read throws std::invalid_argument naming its line.
  explicit KestraIgnore(std::string_view text);

  bool empty() const { return rules_.empty(); }
  // `path` is relative to the folder, with "/" separators ("scripts/a.py"); `folder` when it names a folder.
  bool ignores(const std::string& path, bool folder = false) const;

 private:
  struct Rule {
    std::regex pattern;
    bool negated = false;
    bool foldersOnly = false;
  };
  // 1 ignored, 0 brought back by a negation, -1 no rule matched.
  int verdict(const std::string& path, bool folder) const;
  std::vector<Rule> rules_;
};

}  // namespace kcicd::pipeline
