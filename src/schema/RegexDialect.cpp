#include "schema/RegexDialect.h"

#include <cctype>

namespace kcicd::schema {
namespace {

struct NamedClass {
  std::string_view name;
  std::string_view body;  // the inside of a PCRE2 character class
};

// Java's `\p{name}` classes that PCRE2 lacks or reads otherwise, by exact name (OpenJDK 21
// java.base/java/util/regex/CharPredicates.java, forProperty; the POSIX ones are US-ASCII only without
// UNICODE_CHARACTER_CLASS) and the java.lang.Character predicates behind the `java…` names.
constexpr NamedClass kProperties[] = {
    {"Lower", "a-z"}, {"Upper", "A-Z"}, {"ASCII", "\\x00-\\x7F"}, {"Alpha", "a-zA-Z"}, {"Digit", "0-9"},
    {"Alnum", "a-zA-Z0-9"}, {"Punct", "!-/:-@\\[-`{-~"}, {"Graph", "!-~"}, {"Print", "\\x20-~"},
    {"Blank", "\\x20\\t"}, {"Cntrl", "\\x00-\\x1F\\x7F"}, {"XDigit", "0-9a-fA-F"},
    {"Space", "\\x20\\t\\n\\x0B\\f\\r"}, {"L1", "\\x00-\\xFF"}, {"all", "\\x{0}-\\x{10FFFF}"},
    {"LD", "\\p{L}\\p{Nd}"}, {"LC", "\\p{L&}"},
    {"javaLowerCase", "\\p{Lowercase}"}, {"javaUpperCase", "\\p{Uppercase}"}, {"javaTitleCase", "\\p{Lt}"},
    {"javaAlphabetic", "\\p{Alphabetic}"}, {"javaIdeographic", "\\p{Ideographic}"}, {"javaLetter", "\\p{L}"},
    {"javaDigit", "\\p{Nd}"}, {"javaLetterOrDigit", "\\p{L}\\p{Nd}"}, {"javaDefined", "\\P{Cn}"},
    {"javaMirrored", "\\p{Bidi_Mirrored}"}, {"javaSpaceChar", "\\p{Zs}\\p{Zl}\\p{Zp}"},
    {"javaISOControl", "\\x00-\\x1F\\x7F-\\x9F"},
    // Character.isWhitespace: the separators but the no-break spaces, and \t \n \x0B \f \r \x1C-\x1F
    {"javaWhitespace", "\\t-\\r\\x1C-\\x20\\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{2028}\\x{2029}"
                       "\\x{205F}\\x{3000}"},
    {"javaIdentifierIgnorable", "\\x00-\\x08\\x0E-\\x1B\\x7F-\\x9F\\p{Cf}"},
    // Character.isJavaIdentifierStart / isJavaIdentifierPart
    {"javaJavaIdentifierStart", "\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}"},
    {"javaJavaIdentifierPart", "\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}\\p{Nd}\\p{Mn}\\p{Mc}\\x00-\\x08\\x0E-\\x1B\\x7F-\\x9F\\p{Cf}"},
    {"javaUnicodeIdentifierStart", "\\p{ID_Start}"},
    {"javaUnicodeIdentifierPart", "\\p{ID_Continue}\\x00-\\x08\\x0E-\\x1B\\x7F-\\x9F\\p{Cf}"},
};

// Java's binary properties, `\p{IsName}` with the name upper-cased (CharPredicates.java, forUnicodeProperty).
constexpr NamedClass kBinary[] = {
    {"ALPHABETIC", "\\p{Alphabetic}"}, {"ASSIGNED", "\\P{Cn}"}, {"CONTROL", "\\p{Cc}"}, {"DIGIT", "\\p{Nd}"},
    {"HEX_DIGIT", "\\p{Hex_Digit}"}, {"HEXDIGIT", "\\p{Hex_Digit}"}, {"IDEOGRAPHIC", "\\p{Ideographic}"},
    {"JOIN_CONTROL", "\\p{Join_Control}"}, {"JOINCONTROL", "\\p{Join_Control}"}, {"LETTER", "\\p{L}"},
    {"LOWERCASE", "\\p{Lowercase}"}, {"UPPERCASE", "\\p{Uppercase}"}, {"TITLECASE", "\\p{Lt}"},
    {"NONCHARACTER_CODE_POINT", "\\p{Noncharacter_Code_Point}"},
    {"NONCHARACTERCODEPOINT", "\\p{Noncharacter_Code_Point}"}, {"PUNCTUATION", "\\p{P}"},
    {"WHITE_SPACE", "\\p{White_Space}"}, {"WHITESPACE", "\\p{White_Space}"},
    {"WORD", "\\p{Alphabetic}\\p{Mn}\\p{Me}\\p{Mc}\\p{Nd}\\p{Pc}\\p{Join_Control}"},
};

// ECMA-262 WhiteSpace and LineTerminator (§12.2, §12.3): `\s` is Unicode-aware even without the u flag.
constexpr std::string_view kEcmaSpace =
    "\\s\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool isHex(std::string_view text) {
  for (char c : text)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

const NamedClass* find(const NamedClass* begin, const NamedClass* end, std::string_view name) {
  for (const NamedClass* c = begin; c != end; ++c)
    if (c->name == name) return c;
  return nullptr;
}

// The class body of a Java `\p{name}` (java.util.regex.Pattern.family: `In`/`blk=` blocks, `Is` binary
// properties then categories and scripts, `sc=`/`gc=`, then the exact names). A name not in the tables goes to
// PCRE2 as `\p{name}` (general categories and scripts); PCRE2 refuses a name it does not know either.
std::string javaProperty(std::string_view name, std::string& why) {
  if (const NamedClass* c = find(std::begin(kProperties), std::end(kProperties), name)) return std::string(c->body);
  if (startsWith(name, "In") || startsWith(name, "blk=") || startsWith(name, "block=")) {
    why = "Unicode blocks (\\p{" + std::string(name) + "}) are not supported by PCRE2 10.42";
    return "";
  }
  for (std::string_view prefix : {"Is", "sc=", "script=", "gc=", "general_category="}) {
    if (!startsWith(name, prefix)) continue;
    name.remove_prefix(prefix.size());
    if (prefix == "Is") {
      if (const NamedClass* c = find(std::begin(kBinary), std::end(kBinary), upper(name))) return std::string(c->body);
      if (const NamedClass* c = find(std::begin(kProperties), std::end(kProperties), name)) return std::string(c->body);
    }
    break;
  }
  return "\\p{" + std::string(name) + "}";
}

// `\p{X}` or `\P{X}` alone: negated by flipping the letter, usable inside another class.
bool isSingleProperty(std::string_view body) {
  return (startsWith(body, "\\p{") || startsWith(body, "\\P{")) && body.find('}') == body.size() - 1;
}

}  // namespace

namespace {

// One pass over the pattern, copying it to PCRE2 syntax; stops at the first construct without an equivalent.
class Translator {
 public:
  Translator(std::string_view in, RegexDialect dialect) : in_(in), java_(dialect == RegexDialect::Java) {}

  std::string run(std::string& why) {
    while (i_ < in_.size() && why_.empty()) step();
    why = why_;
    return why_.empty() ? out_ : std::string();
  }

 private:
  char at(std::size_t k) const { return k < in_.size() ? in_[k] : '\0'; }
  void fail(std::string reason) { why_ = std::move(reason); }

  void step() {
    char c = in_[i_];
    if (c == '\\') return escape();
    if (inClass_) return classChar(c);
    if (c == '[') return openClass();
    if (c == '(' && java_ && at(i_ + 1) == '?') inlineFlags();
    out_ += c;
    ++i_;
  }

  void escape() {
    if (i_ + 1 >= in_.size()) {  // a trailing backslash: PCRE2 reports it
      out_ += in_[i_++];
      return;
    }
    char e = in_[i_ + 1];
    i_ += 2;
    if (e == 'u' && unicodeEscape()) return;
    if (java_) javaEscape(e);
    else ecmaEscape(e);
  }

  // `\uXXXX` (Java and ECMA-262) and ECMA-262's `\u{…}`, after the "\u": PCRE2 spells them `\x{…}`.
  bool unicodeEscape() {
    if (i_ + 4 <= in_.size() && isHex(in_.substr(i_, 4))) {
      out_ += "\\x{" + std::string(in_.substr(i_, 4)) + "}";
      i_ += 4;
      return true;
    }
    std::size_t end = in_.find('}', i_);
    if (java_ || at(i_) != '{' || end == std::string_view::npos || !isHex(in_.substr(i_ + 1, end - i_ - 1)))
      return false;
    out_ += "\\x" + std::string(in_.substr(i_, end + 1 - i_));
    i_ = end + 1;
    return true;
  }

  void javaEscape(char e) {
    if (e == 'p' || e == 'P') return property(e == 'P');
    if (e == 'N' && at(i_) == '{') return fail("\\N{name} (a character by its Unicode name)");
    if (e == 'b' && at(i_) == '{') return fail("\\b{g} (a grapheme cluster boundary)");
    out_ += '\\';
    out_ += e;
    if (e != 'Q') return;
    std::size_t end = in_.find("\\E", i_);  // quoted up to \E: copied as is, PCRE2 quotes the same way
    end = end == std::string_view::npos ? in_.size() : end + 2;
    out_.append(in_.substr(i_, end - i_));
    i_ = end;
  }

  // ECMA-262 without the u flag (Annex B): an escaped letter with no meaning is that letter (`\Z` is "Z").
  void ecmaEscape(char e) {
    static constexpr std::string_view kMeaningful = "dDwWbBfnrtcpP";
    if (e == 'v') return void(out_ += "\\x{0B}");
    if (e == 's' || e == 'S') return emitClass(kEcmaSpace, e == 'S');
    bool meaningful = kMeaningful.find(e) != std::string_view::npos ||
                      (e == 'x' && i_ + 2 <= in_.size() && isHex(in_.substr(i_, 2))) || (e == 'k' && at(i_) == '<');
    if (std::isalpha(static_cast<unsigned char>(e)) && !meaningful) return void(out_ += e);
    out_ += '\\';
    out_ += e;
  }

  void property(bool negated) {
    std::string name;
    if (at(i_) == '{') {
      std::size_t end = in_.find('}', i_);
      if (end == std::string_view::npos) return fail("an unterminated \\p{…}");
      name = in_.substr(i_ + 1, end - i_ - 1);
      i_ = end + 1;
    } else if (i_ < in_.size()) {
      name = in_.substr(i_++, 1);
    }
    std::string why;
    std::string body = javaProperty(name, why);
    if (!why.empty()) return fail(why);
    emitClass(body, negated);
  }

  void emitClass(std::string_view body, bool negated) {
    if (isSingleProperty(body)) {
      std::string token(body);
      if (negated) token[1] = token[1] == 'p' ? 'P' : 'p';
      out_ += token;
    } else if (!inClass_) {
      out_ += negated ? "[^" : "[";
      out_ += body;
      out_ += ']';
    } else if (negated) {
      fail("a negated class of several ranges inside a character class");
    } else {
      out_ += body;
    }
  }

  void openClass() {
    inClass_ = true;
    out_ += in_[i_++];
    if (at(i_) == '^') out_ += in_[i_++];
    // Java: a `]` first is a literal; ECMA-262: `[]` and `[^]` (PCRE2_ALLOW_EMPTY_CLASS reads them so).
    if (java_ && at(i_) == ']') {
      out_ += "\\]";
      ++i_;
    }
  }

  void classChar(char c) {
    if (c == '[' && java_) return fail("a union of character classes ([a[b]])");
    if (c == '&' && java_ && at(i_ + 1) == '&') return fail("an intersection of character classes ([a&&b])");
    if (c == ']') inClass_ = false;
    if (c == '[') out_ += '\\';  // ECMA-262: a literal; PCRE2 would start a POSIX class on "[:"
    out_ += c;
    ++i_;
  }

  // Java at "(?": flags that PCRE2 lacks or reads otherwise (its `U` is "ungreedy").
  void inlineFlags() {
    std::size_t k = i_ + 2;
    while (k < in_.size() && (std::isalpha(static_cast<unsigned char>(in_[k])) || in_[k] == '-')) ++k;
    std::string_view flags = in_.substr(i_ + 2, k - i_ - 2);
    if ((at(k) == ')' || at(k) == ':') && flags.find_first_of("Uudc") != std::string_view::npos)
      fail("the Java inline flags (?" + std::string(flags) + ") (UNICODE_CHARACTER_CLASS, UNICODE_CASE, "
           "UNIX_LINES or CANON_EQ)");
  }

  std::string_view in_;
  bool java_;
  std::size_t i_ = 0;
  bool inClass_ = false;
  std::string out_;
  std::string why_;
};

}  // namespace

std::string toPcre2(std::string_view source, RegexDialect dialect, std::string& unsupported) {
  return Translator(source, dialect).run(unsupported);
}

}  // namespace kcicd::schema
