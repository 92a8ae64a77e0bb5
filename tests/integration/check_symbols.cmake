# SPDX-License-Identifier: Apache-2.0
#
# Fails if an object file references a function the hot paths must never reach (run by ctest as
# `cmake -P`):
#   allocation    operator new/delete, malloc and friends   (DESIGN: hot paths never allocate)
#   throwing      __cxa_throw, __cxa_allocate_exception, libstdc++'s std::__throw_* helpers
#   terminating   abort, exit, std::terminate, __assert_fail (a bare assert)
#   printing      printf/puts and friends, iostreams
# Arguments: TW_NM (nm or llvm-nm), TW_OBJDUMP (optional: names the referencing functions), TW_OBJECTS (object files, ';' or ',' separated),
# TW_EXPECT_DEFINED (',' separated demangled names, each must be defined: guards against reading
# the wrong file or an empty symbol table passing as clean).
# TW_NEGATIVE (optional, boolean): negative-control mode. The object is known to be bad; the check
# passes only if at least one forbidden reference is found in it.
# Prints one "forbidden reference: <symbol>" line per hit.
cmake_minimum_required(VERSION 3.14)

if(NOT TW_NM OR NOT TW_OBJECTS)
  message(FATAL_ERROR "check_symbols.cmake: TW_NM and TW_OBJECTS are required")
endif()
string(REPLACE "," ";" _objects "${TW_OBJECTS}")
string(REPLACE "," ";" _expected "${TW_EXPECT_DEFINED}")

set(_forbidden
  "^operator new"
  "^operator delete"
  # std::string allocates through out-of-line members (_M_create, _M_mutate) that libstdc++
  # instantiates itself, so a string in a hot path shows no operator new of its own.
  "^std::(__cxx11::|__1::)?basic_string<"
  "^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|memalign|valloc|pvalloc|strdup|strndup)$"
  "^__cxa_(throw|allocate_exception|rethrow|begin_catch)$"
  "^std::__throw_"
  "^(abort|exit|_exit|_Exit|quick_exit|__assert_fail|__assert_perror_fail|__assert)$"
  "^std::terminate\\(\\)$"
  "^(printf|fprintf|vprintf|vfprintf|dprintf|puts|fputs|putchar|fputc|putc|fwrite|perror)$"
  "^__(v?f?printf_chk)$"
  "^std::(cout|cerr|clog)$"
  "^std::basic_ostream"
  "^std::ios_base::Init")

set(_hits "")
foreach(_obj IN LISTS _objects)
  if(NOT EXISTS "${_obj}")
    message(FATAL_ERROR "check_symbols.cmake: ${_obj} does not exist (not built?)")
  endif()
  execute_process(COMMAND "${TW_NM}" -C "${_obj}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "check_symbols.cmake: ${TW_NM} -C ${_obj} failed (exit ${rc}): ${err}")
  endif()
  string(REPLACE ";" "\\;" out "${out}")
  string(REPLACE "\n" ";" _lines "${out}")
  set(_defined "")
  foreach(_line IN LISTS _lines)
    # nm lines: "<address> <type> <name>" for definitions, "<spaces> U <name>" for references.
    if(_line MATCHES "^[0-9a-fA-F]* *([A-Za-z]) (.*)$")
      set(_type "${CMAKE_MATCH_1}")
      set(_name "${CMAKE_MATCH_2}")
      if(_type STREQUAL "U" OR _type STREQUAL "w" OR _type STREQUAL "v")
        string(REGEX REPLACE "@.*$" "" _bare "${_name}")
        foreach(_re IN LISTS _forbidden)
          if(_bare MATCHES "${_re}")
            list(APPEND _hits "${_name}")
            message("forbidden reference: ${_name}    (in ${_obj})")
            break()
          endif()
        endforeach()
      else()
        list(APPEND _defined "${_name}")
      endif()
    endif()
  endforeach()
  set(_all_defined_${_obj} "${_defined}")
endforeach()

set(_missing "")
foreach(_want IN LISTS _expected)
  set(_found FALSE)
  foreach(_obj IN LISTS _objects)
    foreach(_d IN LISTS _all_defined_${_obj})
      # The name, then its parameter list or an ABI tag ("f[abi:cxx11](...)").
      string(FIND "${_d}" "${_want}" _at)
      if(_at EQUAL 0)
        string(LENGTH "${_want}" _len)
        string(SUBSTRING "${_d}" ${_len} 1 _next)
        if(_next STREQUAL "(" OR _next STREQUAL "[")
          set(_found TRUE)
          break()
        endif()
      endif()
    endforeach()
  endforeach()
  if(NOT _found)
    list(APPEND _missing "${_want}")
  endif()
endforeach()

# Name the function that makes each reference, so the report points at the header code to fix.
if(_hits AND TW_OBJDUMP AND NOT TW_NEGATIVE)
  foreach(_obj IN LISTS _objects)
    execute_process(COMMAND "${TW_OBJDUMP}" -dr -C "${_obj}" RESULT_VARIABLE rc OUTPUT_VARIABLE dis
                    ERROR_QUIET)
    if(NOT rc EQUAL 0)
      continue()
    endif()
    string(REPLACE ";" "\\;" dis "${dis}")
    string(REPLACE "\n" ";" _dlines "${dis}")
    set(_fn "")
    set(_seen "")
    foreach(_dl IN LISTS _dlines)
      if(_dl MATCHES "^[0-9a-f]+ <(.*)>:$")
        set(_fn "${CMAKE_MATCH_1}")
      elseif(_dl MATCHES "R_[A-Z0-9_]+[ \t]+(.*)$")
        string(REGEX REPLACE "[-+]0x[0-9a-f]+$" "" _target "${CMAKE_MATCH_1}")
        foreach(_h IN LISTS _hits)
          if(_target STREQUAL _h)
            set(_key "${_fn} -> ${_h}")
            list(FIND _seen "${_key}" _already)
            if(_already EQUAL -1)
              list(APPEND _seen "${_key}")
              message("  referenced from: ${_fn}\n      -> ${_h}")
            endif()
          endif()
        endforeach()
      endif()
    endforeach()
  endforeach()
endif()

if(TW_NEGATIVE)
  if(_missing)
    message(FATAL_ERROR "symbol_check: negative control object lacks its functions: ${_missing}")
  endif()
  if(NOT _hits)
    message(FATAL_ERROR "symbol_check: negative control NOT caught: no forbidden reference found "
                        "in ${TW_OBJECTS}; the checker is blind to this kind of code")
  endif()
  message("symbol_check: negative control caught, as it must be")
  return()
endif()

if(_missing)
  message(FATAL_ERROR "symbol_check: functions not defined in the object (renamed, or inlined "
                      "away?): ${_missing}")
endif()
if(_hits)
  list(LENGTH _hits _n)
  message(FATAL_ERROR "symbol_check: ${_n} forbidden reference(s)")
endif()
list(LENGTH _expected _n)
message("symbol_check: OK (${_n} functions checked, no forbidden reference)")
