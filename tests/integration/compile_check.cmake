# SPDX-License-Identifier: Apache-2.0
#
# Compiles sources with the configured compiler and checks the outcome (run by ctest as `cmake -P`).
#   TW_CXX       the compiler
#   TW_FLAGS     ',' separated flags (language level, -fsyntax-only, warnings)
#   TW_INCLUDE   tracewire's include directory
#   TW_SOURCES   ',' separated sources; each is compiled on its own
#   TW_DEFINES   optional ',' separated macros (-D)
#   TW_EXPECT    "compile": every source must compile without a diagnostic;
#                "fail": every source must fail, with a diagnostic matching TW_REGEX, so a failure
#                for an unrelated reason (a typo, a missing header) is not taken for the misuse.
cmake_minimum_required(VERSION 3.14)

foreach(_v TW_CXX TW_INCLUDE TW_SOURCES TW_EXPECT)
  if(NOT DEFINED ${_v} OR "${${_v}}" STREQUAL "")
    message(FATAL_ERROR "compile_check.cmake: ${_v} is not set")
  endif()
endforeach()
if(TW_EXPECT STREQUAL "fail" AND NOT TW_REGEX)
  message(FATAL_ERROR "compile_check.cmake: TW_EXPECT=fail needs TW_REGEX")
endif()

string(REPLACE "," ";" _flags "${TW_FLAGS}")
string(REPLACE "," ";" _sources "${TW_SOURCES}")
string(REPLACE "," ";" _defines "${TW_DEFINES}")
set(_dflags "")
foreach(_d IN LISTS _defines)
  list(APPEND _dflags "-D${_d}")
endforeach()
# English diagnostics with ASCII quotes, so the regexes match whatever the user's locale is.
set(ENV{LC_ALL} C)
set(ENV{LANG} C)

set(_bad 0)
foreach(_src IN LISTS _sources)
  execute_process(
    COMMAND "${TW_CXX}" ${_flags} ${_dflags} "-I${TW_INCLUDE}" -c "${_src}" -o /dev/null
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(TW_EXPECT STREQUAL "compile")
    if(NOT rc EQUAL 0 OR NOT out STREQUAL "")
      message("${out}")
      message("FAILED: ${_src} must compile without a diagnostic (exit ${rc})")
      math(EXPR _bad "${_bad} + 1")
    else()
      message("ok: ${_src} compiles")
    endif()
  else()
    if(rc EQUAL 0)
      message("${out}")
      message("FAILED: ${_src} compiled with ${_dflags}, but the misuse must be rejected")
      math(EXPR _bad "${_bad} + 1")
    elseif(NOT out MATCHES "${TW_REGEX}")
      message("${out}")
      message("FAILED: ${_src} was rejected, but not with a diagnostic matching '${TW_REGEX}'")
      math(EXPR _bad "${_bad} + 1")
    else()
      message("ok: ${_src} is rejected as it must be (diagnostic matches '${TW_REGEX}')")
    endif()
  endif()
endforeach()
if(_bad GREATER 0)
  message(FATAL_ERROR "compile_check: ${_bad} source(s) did not behave as expected")
endif()
