# SPDX-License-Identifier: Apache-2.0
#
# Extracts the example program from README.md, compiles it with the strict warnings and -Werror,
# and runs it (run by ctest as `cmake -P`). The example is the ```cpp fence between the lines
# `<!-- example:begin -->` and `<!-- example:end -->`. Missing markers or fence fail the test: a
# README whose example is not checked must not pass.
cmake_minimum_required(VERSION 3.14)

foreach(_v TW_README TW_WORK_DIR TW_CXX TW_SOURCE_DIR TW_STD_FLAG)
  if(NOT DEFINED ${_v} OR "${${_v}}" STREQUAL "")
    message(FATAL_ERROR "readme_example.cmake: ${_v} is not set")
  endif()
endforeach()

if(NOT EXISTS "${TW_README}")
  message(FATAL_ERROR "readme_example: ${TW_README} does not exist")
endif()
file(READ "${TW_README}" _readme)
string(FIND "${_readme}" "<!-- example:begin -->" _begin)
string(FIND "${_readme}" "<!-- example:end -->" _end)
if(_begin EQUAL -1 OR _end EQUAL -1 OR _end LESS _begin)
  message(FATAL_ERROR "readme_example: README.md has no '<!-- example:begin -->' ... "
                      "'<!-- example:end -->' block (both markers, in that order)")
endif()
math(EXPR _len "${_end} - ${_begin}")
string(SUBSTRING "${_readme}" ${_begin} ${_len} _block)

# The code is what lies between the opening ```cpp (or ```c++) line and the next ``` line.
string(FIND "${_block}" "```cpp\n" _open)
set(_open_len 7)
if(_open EQUAL -1)
  string(FIND "${_block}" "```c++\n" _open)
endif()
if(_open EQUAL -1)
  message(FATAL_ERROR "readme_example: the example block has no ```cpp fence")
endif()
math(EXPR _code_begin "${_open} + ${_open_len}")
string(SUBSTRING "${_block}" ${_code_begin} -1 _rest)
string(FIND "${_rest}" "\n```" _close)
if(_close EQUAL -1)
  message(FATAL_ERROR "readme_example: the ```cpp fence in the example block is not closed")
endif()
math(EXPR _close "${_close} + 1")
string(SUBSTRING "${_rest}" 0 ${_close} _code)
if(NOT _code MATCHES "main[ \t]*\\(")
  message(FATAL_ERROR "readme_example: the example is not a complete program (no main)")
endif()

file(MAKE_DIRECTORY "${TW_WORK_DIR}")
file(WRITE "${TW_WORK_DIR}/readme_example.cpp" "${_code}")

string(REPLACE "," ";" _warnings "${TW_WARNINGS}")
separate_arguments(_cxx_flags UNIX_COMMAND "${TW_CXX_FLAGS}")
separate_arguments(_ld_flags UNIX_COMMAND "${TW_EXE_LINKER_FLAGS}")
set(ENV{LC_ALL} C)
execute_process(
  COMMAND "${TW_CXX}" ${TW_STD_FLAG} ${_cxx_flags} ${_warnings} "-I${TW_SOURCE_DIR}/include"
          "${TW_WORK_DIR}/readme_example.cpp" ${_ld_flags} -o "${TW_WORK_DIR}/readme_example"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "")
  message("${out}")
  message(FATAL_ERROR "readme_example: the README example does not compile cleanly "
                      "(${TW_STD_FLAG}, strict warnings, -Werror); extracted to "
                      "${TW_WORK_DIR}/readme_example.cpp")
endif()
execute_process(COMMAND "${TW_WORK_DIR}/readme_example" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "readme_example: the README example exited with ${rc}")
endif()
message("readme_example: OK")
