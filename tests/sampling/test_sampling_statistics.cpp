// SPDX-License-Identifier: Apache-2.0
//
// Statistical properties of every ratio algorithm over random trace-ids (a fixed-seed splitmix64
// stream, so a failure reproduces): the kept fraction is within 4 standard deviations of the
// ratio, and a higher ratio keeps a superset of what a lower one keeps. TRACEWIRE_STAT_IDS sets
// the number of ids (2^20 by default; the CMake file lowers it for Debug/sanitizer builds, where
// 4 sigma at 2^18 ids is still a tolerance of about 0.2 percentage points at p = 0.1).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "tracewire/sampling/legacy_ratio.hpp"
#include "tracewire/sampling/probability.hpp"

#ifndef TRACEWIRE_STAT_IDS
#  define TRACEWIRE_STAT_IDS (1u << 20)
#endif

namespace {

namespace tw = tracewire;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

const std::vector<tw::trace_id>& random_ids() {
  static const std::vector<tw::trace_id> ids = [] {
    std::vector<tw::trace_id> v;
    v.reserve(TRACEWIRE_STAT_IDS);
    std::uint64_t state = 0x7472616365776972ull;  // "tracewir"
    while (v.size() < TRACEWIRE_STAT_IDS) {
      const std::uint64_t hi = splitmix64(state);
      const std::uint64_t lo = splitmix64(state);
      v.push_back(tw::trace_id::from_u64(hi, lo));
    }
    return v;
  }();
  return ids;
}

constexpr double kRatios[] = {0.001, 0.01, 0.1, 0.25, 0.5, 0.9};

/// Checks the kept fraction against p within 4 sigma, and the superset property across kRatios.
/// make(p) returns the decision function of the algorithm at ratio p.
template <class Make>
void check_algorithm(const char* name, Make make) {
  const auto& ids = random_ids();
  const double n = static_cast<double>(ids.size());
  std::vector<char> kept_lower(ids.size(), 0);
  for (const double p : kRatios) {
    const auto keeps = make(p);
    std::size_t kept = 0;
    std::size_t violations = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const bool k = keeps(ids[i]);
      kept += k ? 1u : 0u;
      if (kept_lower[i] != 0 && !k) ++violations;
      kept_lower[i] = k ? 1 : 0;
    }
    const double sigma = std::sqrt(p * (1.0 - p) / n);
    const double fraction = static_cast<double>(kept) / n;
    EXPECT_LE(std::fabs(fraction - p), 4.0 * sigma)
        << name << " p=" << p << " kept " << fraction << " of " << ids.size();
    EXPECT_EQ(violations, 0u) << name << ": ids kept at a lower ratio but dropped at p=" << p;
  }
}

TEST(Statistics, ConsistentProbabilitySampler) {
  check_algorithm("probability", [](double p) {
    const tw::probability_sampler s = *tw::probability_sampler::create(p);
    return [s](const tw::trace_id& id) { return s.keeps(id.low56()); };
  });
}

TEST(Statistics, ConsistentProbabilitySamplerFourDigits) {
  check_algorithm("probability/4 digits", [](double p) {
    const tw::probability_sampler s =
        *tw::probability_sampler::create(p, tw::threshold_precision::recommended());
    return [s](const tw::trace_id& id) { return s.keeps(id.low56()); };
  });
}

void check_legacy(tw::legacy_algorithm a) {
  check_algorithm(tw::legacy_algorithm_name(a).data(), [a](double p) {
    const tw::legacy_ratio_any s = *tw::legacy_ratio_any::create(a, p);
    return [s](const tw::trace_id& id) { return s.keeps(id); };
  });
}

TEST(Statistics, LegacyGo) { check_legacy(tw::legacy_algorithm::go); }
TEST(Statistics, LegacyGoBefore112) { check_legacy(tw::legacy_algorithm::go_pre_1_12); }
TEST(Statistics, LegacyPython) { check_legacy(tw::legacy_algorithm::python); }
TEST(Statistics, LegacyJava) { check_legacy(tw::legacy_algorithm::java); }
TEST(Statistics, LegacyDotnet) { check_legacy(tw::legacy_algorithm::dotnet); }
TEST(Statistics, LegacyErlang) { check_legacy(tw::legacy_algorithm::erlang); }
TEST(Statistics, LegacyJavascript) { check_legacy(tw::legacy_algorithm::javascript); }
TEST(Statistics, LegacyCpp) { check_legacy(tw::legacy_algorithm::cpp); }
TEST(Statistics, LegacyCppBefore123) { check_legacy(tw::legacy_algorithm::cpp_pre_1_23); }

// The problem the consistent sampler solves: two SDKs at the same ratio keep different traces.
// If they agreed, both would keep 10% of the ids. Go keeps lo < 0.1 * 2^64; Java keeps
// |int64(lo)| < 0.1 * 2^63, i.e. lo < 0.05 * 2^64 or lo > 0.95 * 2^64: they share 5%. .NET reads
// bytes 0-7, independent of Go's bytes 8-15: they share 1%.
TEST(Statistics, LegacySdksDisagree) {
  const auto go = *tw::legacy_ratio_go::create(0.1);
  const auto java = *tw::legacy_ratio_java::create(0.1);
  const auto dotnet = *tw::legacy_ratio_dotnet::create(0.1);
  std::size_t go_java = 0, go_dotnet = 0;
  for (const auto& id : random_ids()) {
    go_java += (go.keeps(id) && java.keeps(id)) ? 1u : 0u;
    go_dotnet += (go.keeps(id) && dotnet.keeps(id)) ? 1u : 0u;
  }
  const double n = static_cast<double>(random_ids().size());
  EXPECT_NEAR(static_cast<double>(go_java) / n, 0.05, 4.0 * std::sqrt(0.05 * 0.95 / n));
  EXPECT_NEAR(static_cast<double>(go_dotnet) / n, 0.01, 4.0 * std::sqrt(0.01 * 0.99 / n));
}

}  // namespace
