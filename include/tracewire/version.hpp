// SPDX-License-Identifier: Apache-2.0
//
// tracewire/version.hpp: the one source of the version number. CMakeLists.txt reads the three
// TRACEWIRE_VERSION_* lines below; keep their shape.
#ifndef TRACEWIRE_VERSION_HPP
#define TRACEWIRE_VERSION_HPP

#define TRACEWIRE_VERSION_MAJOR 0
#define TRACEWIRE_VERSION_MINOR 1
#define TRACEWIRE_VERSION_PATCH 0

/// MAJOR * 10000 + MINOR * 100 + PATCH, for preprocessor comparisons.
#define TRACEWIRE_VERSION \
  (TRACEWIRE_VERSION_MAJOR * 10000 + TRACEWIRE_VERSION_MINOR * 100 + TRACEWIRE_VERSION_PATCH)

#define TRACEWIRE_DETAIL_STR2(x) #x
#define TRACEWIRE_DETAIL_STR(x) TRACEWIRE_DETAIL_STR2(x)
#define TRACEWIRE_VERSION_STRING                                              \
  TRACEWIRE_DETAIL_STR(TRACEWIRE_VERSION_MAJOR)                               \
  "." TRACEWIRE_DETAIL_STR(TRACEWIRE_VERSION_MINOR) "." TRACEWIRE_DETAIL_STR( \
      TRACEWIRE_VERSION_PATCH)

#endif  // TRACEWIRE_VERSION_HPP
