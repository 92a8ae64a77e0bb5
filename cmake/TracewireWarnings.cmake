# SPDX-License-Identifier: Apache-2.0
# Strict warnings for tracewire's own targets only (tests, benchmarks, fuzzers, examples); never
# attached to the tracewire::tracewire interface, so consumers keep their own settings.
function(tracewire_strict_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow)
    if(TRACEWIRE_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
    if(TRACEWIRE_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  endif()
endfunction()
