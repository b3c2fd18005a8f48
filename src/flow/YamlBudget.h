#pragma once
// What one run may load across all its flow files (and threads): YAML nodes and flow bytes. Each file's
// own limits (--max-file-size, --max-depth, --max-alias-nodes) do not bound a run: four 10 MB files of
// 900,000 keys each took 15 GB. A flow repository holds at most thousands of flows of a few KB, a few MB
// and a few hundred thousand nodes in all; the defaults leave ten times that.
#include <atomic>
#include <cstdint>

namespace kcicd::flow {

inline constexpr std::uint64_t kDefaultMaxRunNodes = 5'000'000;         // --max-yaml-nodes
inline constexpr std::uint64_t kDefaultMaxRunBytes = 64ull * 1024 * 1024;  // --max-total-size

class YamlBudget {
 public:
  YamlBudget(std::uint64_t maxNodes = kDefaultMaxRunNodes, std::uint64_t maxBytes = kDefaultMaxRunBytes)
      : maxNodes_(maxNodes), maxBytes_(maxBytes) {}
  YamlBudget(const YamlBudget&) = delete;
  YamlBudget& operator=(const YamlBudget&) = delete;

  // Charges `n` more; false once the run's total passes the limit (and from then on).
  bool takeNodes(std::uint64_t n) { return take(nodes_, n, maxNodes_); }
  bool takeBytes(std::uint64_t n) { return take(bytes_, n, maxBytes_); }

  std::uint64_t maxNodes() const { return maxNodes_; }
  std::uint64_t maxBytes() const { return maxBytes_; }

 private:
  static bool take(std::atomic<std::uint64_t>& used, std::uint64_t n, std::uint64_t max) {
    return used.fetch_add(n, std::memory_order_relaxed) + n <= max;
  }

  std::uint64_t maxNodes_;
  std::uint64_t maxBytes_;
  std::atomic<std::uint64_t> nodes_{0};
  std::atomic<std::uint64_t> bytes_{0};
};

}  // namespace kcicd::flow
