// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/driver_ops.hpp: what an operation of tracewire_callgrind_driver is, and how a source
// file other than callgrind_driver.cpp adds its own (each area of the library keeps its ops in
// benchmarks/ops_<area>.cpp, which CMake links into the driver):
//
//   namespace {
//   TRACEWIRE_BENCH_NOINLINE std::uint64_t op_x() { ... return n; }
//   bool prepare_x() { ... }                      // run once before any op, may be nullptr
//   constexpr tracewire_bench::op x_ops[] = {{"x", "25", "tracewire", "what it does", n, op_x}};
//   const tracewire_bench::op_registrar x_registrar("30-sampling", x_ops, prepare_x);
//   }
//
// Tables are listed in the order of their keys (the codec table is "00-codecs"), so callgrind.sh
// prints the same rows in the same order whatever the link order was.
#ifndef TRACEWIRE_BENCH_DRIVER_OPS_HPP
#define TRACEWIRE_BENCH_DRIVER_OPS_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__GNUC__) && !defined(__clang__)
#  define TRACEWIRE_BENCH_NOINLINE __attribute__((noinline, noipa))
#elif defined(__GNUC__) || defined(__clang__)
#  define TRACEWIRE_BENCH_NOINLINE __attribute__((noinline))
#else
#  define TRACEWIRE_BENCH_NOINLINE
#endif

namespace tracewire_bench {

struct op {
  const char* name;
  const char* target;  // instructions per op set by an issue, "-" when it sets none
  const char* kind;    // tracewire, baseline or reference
  const char* description;
  std::uint64_t expected;  // what run() returns when the op did its full work
  std::uint64_t (*run)();
};

struct op_table {
  const char* key;
  const op* ops;
  std::size_t count;
  bool (*prepare)();  // nullptr: nothing to prepare
};

/// Every table, filled during static initialisation (constant-initialised storage, so the order in
/// which translation units initialise does not matter).
struct op_registry {
  static constexpr std::size_t max_tables = 16;
  op_table tables[max_tables];
  std::size_t count;
};
inline op_registry g_op_registry{};

struct op_registrar {
  template <std::size_t N>
  op_registrar(const char* key, const op (&ops)[N], bool (*prepare)()) noexcept {
    if (g_op_registry.count < op_registry::max_tables)
      g_op_registry.tables[g_op_registry.count++] = op_table{key, ops, N, prepare};
  }
};

/// Returns v, hiding its value from the optimiser.
template <class T>
T opaque(T v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  asm volatile("" : "+r"(v));
  return v;
#else
  volatile T copy = v;
  return copy;
#endif
}

/// Makes the optimiser assume v is read, so results are fully computed and stored.
template <class T>
void escape(const T& v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  asm volatile("" : : "r"(&v) : "memory");
#else
  const void* volatile sink = &v;
  static_cast<void>(sink);
#endif
}

inline std::string_view opaque_view(std::string_view s) noexcept {
  return std::string_view(opaque(s.data()), opaque(s.size()));
}

}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCH_DRIVER_OPS_HPP
