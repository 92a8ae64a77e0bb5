// SPDX-License-Identifier: Apache-2.0
//
// tracewire/config.hpp: feature detection and project-wide macros.
//
// Every macro here is wrapped in #ifndef so an embedder can override it on the command line or
// before the first tracewire include. Detection uses feature-test macros and builtin probes, never
// compiler versions.
#ifndef TRACEWIRE_CONFIG_HPP
#define TRACEWIRE_CONFIG_HPP

#include <cstddef>

// --- language level -------------------------------------------------------------------------
#ifndef TRACEWIRE_CPLUSPLUS
#  if defined(_MSVC_LANG)
#    define TRACEWIRE_CPLUSPLUS _MSVC_LANG
#  else
#    define TRACEWIRE_CPLUSPLUS __cplusplus
#  endif
#endif
static_assert(TRACEWIRE_CPLUSPLUS >= 201703L, "tracewire requires C++17 or later");

#ifdef __has_builtin
#  define TRACEWIRE_HAS_BUILTIN(x) __has_builtin(x)
#else
#  define TRACEWIRE_HAS_BUILTIN(x) 0
#endif

// --- constant-evaluation detection -----------------------------------------------------------
// Lets a constexpr function take a word-at-a-time or SIMD path at run time while keeping one
// portable path for constant evaluation. Without it the portable path is used everywhere, which is
// correct, only slower.
#ifndef TRACEWIRE_HAS_IS_CONSTANT_EVALUATED
#  if defined(__cpp_lib_is_constant_evaluated)
#    define TRACEWIRE_HAS_IS_CONSTANT_EVALUATED 1
#  elif TRACEWIRE_HAS_BUILTIN(__builtin_is_constant_evaluated)
#    define TRACEWIRE_HAS_IS_CONSTANT_EVALUATED 1
#  else
#    define TRACEWIRE_HAS_IS_CONSTANT_EVALUATED 0
#  endif
#endif

// --- SIMD fast paths -------------------------------------------------------------------------
// SSE2 is part of the x86-64 baseline. Define TRACEWIRE_USE_SSE2 to 0 to force the portable path
// (the fuzzers compare the two).
#ifndef TRACEWIRE_USE_SSE2
#  if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#    define TRACEWIRE_USE_SSE2 1
#  else
#    define TRACEWIRE_USE_SSE2 0
#  endif
#endif

// --- <iterator> ----------------------------------------------------------------------------
// <iterator> costs about 150 ms per translation unit (it drags in the stream iterators). libstdc++,
// libc++ and the MSVC STL already declare std::forward_iterator_tag through <string_view>, which is
// all tracewire needs; with any other standard library, or when this is set to 1, tracestate.hpp
// includes <iterator>.
#ifndef TRACEWIRE_INCLUDE_ITERATOR
#  if defined(__GLIBCXX__) || defined(_LIBCPP_VERSION) || defined(_MSVC_STL_VERSION)
#    define TRACEWIRE_INCLUDE_ITERATOR 0
#  else
#    define TRACEWIRE_INCLUDE_ITERATOR 1
#  endif
#endif

// --- branch hints ----------------------------------------------------------------------------
#ifndef TRACEWIRE_LIKELY
#  if TRACEWIRE_HAS_BUILTIN(__builtin_expect)
#    define TRACEWIRE_LIKELY(x) __builtin_expect(!!(x), 1)
#    define TRACEWIRE_UNLIKELY(x) __builtin_expect(!!(x), 0)
#  else
#    define TRACEWIRE_LIKELY(x) (x)
#    define TRACEWIRE_UNLIKELY(x) (x)
#  endif
#endif

#ifndef TRACEWIRE_FORCE_INLINE
#  if defined(__GNUC__) || defined(__clang__)
#    define TRACEWIRE_FORCE_INLINE inline __attribute__((always_inline))
#  elif defined(_MSC_VER)
#    define TRACEWIRE_FORCE_INLINE __forceinline
#  else
#    define TRACEWIRE_FORCE_INLINE inline
#  endif
#endif

// --- assertions ------------------------------------------------------------------------------
// Precondition checks for programming errors (never for bad input, which is reported as an errc).
// Off by default; define TRACEWIRE_ENABLE_ASSERTS to trap on a violated precondition, or define
// TRACEWIRE_ASSERT yourself to route it to your own handler. A failing check is never a constant
// expression, so it also breaks compile-time evaluation.
#ifndef TRACEWIRE_ASSERT
#  if defined(TRACEWIRE_ENABLE_ASSERTS)
#    if TRACEWIRE_HAS_BUILTIN(__builtin_trap)
#      define TRACEWIRE_ASSERT(cond) ((cond) ? static_cast<void>(0) : __builtin_trap())
#    else
#      define TRACEWIRE_ASSERT(cond) \
        ((cond) ? static_cast<void>(0) : static_cast<void>(*static_cast<volatile int*>(nullptr)))
#    endif
#  else
#    define TRACEWIRE_ASSERT(cond) static_cast<void>(0)
#  endif
#endif

// --- ABI namespace ---------------------------------------------------------------------------
// Two SDKs that embed different tracewire versions in one process must not collide: every entity
// lives in an inline namespace named after the ABI version.
#ifndef TRACEWIRE_ABI_NAMESPACE
#  define TRACEWIRE_ABI_NAMESPACE v1
#endif
#define TRACEWIRE_BEGIN_NAMESPACE \
  namespace tracewire {           \
  inline namespace TRACEWIRE_ABI_NAMESPACE {
#define TRACEWIRE_END_NAMESPACE \
  }                             \
  }

TRACEWIRE_BEGIN_NAMESPACE

/// Size of a cache line in bytes. Our own constant rather than
/// std::hardware_destructive_interference_size, which g++ warns is not ABI-stable.
inline constexpr std::size_t cache_line = 64;

namespace detail {

/// True during constant evaluation. Without compiler support it returns true, so callers always
/// take the portable constexpr path (correct, only slower).
constexpr bool is_constant_evaluated() noexcept {
#if TRACEWIRE_HAS_IS_CONSTANT_EVALUATED
  return __builtin_is_constant_evaluated();
#else
  return true;
#endif
}

}  // namespace detail

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CONFIG_HPP
