# SPDX-License-Identifier: Apache-2.0
#
# Configures, builds and runs a consumer project of tracewire from scratch (run by ctest as
# `cmake -P`). TW_MODE:
#   subdir   the consumer add_subdirectory()s the tracewire source tree
#   package  tracewire is configured on its own (tests off), installed into a prefix under
#            TW_WORK_DIR, the installed tree is checked, a request for an incompatible version must
#            be rejected, and the consumer then find_package()s it
# Every step starts from an empty directory, so no cache from an earlier run can hide a default.
cmake_minimum_required(VERSION 3.14)

foreach(_v TW_MODE TW_CXX TW_GENERATOR TW_SOURCE_DIR TW_CONSUMER_DIR TW_WORK_DIR)
  if(NOT DEFINED ${_v} OR "${${_v}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: ${_v} is not set")
  endif()
endforeach()
if(NOT TW_CONFIG)
  set(TW_CONFIG Release)
endif()

# Same compiler, generator and flags (sanitizers included) as the build that runs this test.
set(_common -G "${TW_GENERATOR}" "-DCMAKE_CXX_COMPILER=${TW_CXX}"
    "-DCMAKE_CXX_FLAGS=${TW_CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${TW_EXE_LINKER_FLAGS}")
if(TW_MAKE_PROGRAM)
  list(APPEND _common "-DCMAKE_MAKE_PROGRAM=${TW_MAKE_PROGRAM}")
endif()

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message("${out}")
    message(FATAL_ERROR "consumer (${TW_MODE}): ${what} failed (exit ${rc})")
  endif()
  message(STATUS "consumer (${TW_MODE}): ${what}: ok")
endfunction()

file(REMOVE_RECURSE "${TW_WORK_DIR}")
file(MAKE_DIRECTORY "${TW_WORK_DIR}")
set(_consumer_args "-DTRACEWIRE_SOURCE_DIR=${TW_SOURCE_DIR}")

if(TW_MODE STREQUAL "package")
  set(_prefix "${TW_WORK_DIR}/prefix")
  set(_tw_build "${TW_WORK_DIR}/tracewire-build")
  # Only the install default is left to tracewire (a top-level project installs by default).
  run_step("configure tracewire"
    ${CMAKE_COMMAND} -S "${TW_SOURCE_DIR}" -B "${_tw_build}" ${_common}
    -DCMAKE_BUILD_TYPE=Release -DTRACEWIRE_BUILD_TESTS=OFF -DTRACEWIRE_BUILD_BENCHMARKS=OFF
    -DTRACEWIRE_BUILD_FUZZERS=OFF -DTRACEWIRE_BUILD_EXAMPLES=OFF "-DCMAKE_INSTALL_PREFIX=${_prefix}")
  run_step("build tracewire" ${CMAKE_COMMAND} --build "${_tw_build}" --config "${TW_CONFIG}")
  run_step("install tracewire"
    ${CMAKE_COMMAND} --install "${_tw_build}" --config "${TW_CONFIG}" --prefix "${_prefix}")

  # The installed tree: every public header, and the package files.
  file(GLOB_RECURSE _src_headers RELATIVE "${TW_SOURCE_DIR}/include" "${TW_SOURCE_DIR}/include/*.hpp")
  foreach(_h IN LISTS _src_headers)
    if(NOT EXISTS "${_prefix}/include/${_h}")
      message(FATAL_ERROR "consumer (package): ${_h} was not installed under ${_prefix}/include")
    endif()
  endforeach()
  file(GLOB_RECURSE _config "${_prefix}/*/tracewireConfig.cmake")
  if(NOT _config)
    message(FATAL_ERROR "consumer (package): no tracewireConfig.cmake under ${_prefix}")
  endif()
  get_filename_component(_config_dir "${_config}" DIRECTORY)
  foreach(_f tracewireConfigVersion.cmake tracewireTargets.cmake)
    if(NOT EXISTS "${_config_dir}/${_f}")
      message(FATAL_ERROR "consumer (package): ${_f} missing next to ${_config}")
    endif()
  endforeach()
  # Nothing but headers and package files: a header-only library installs no binaries.
  file(GLOB_RECURSE _installed RELATIVE "${_prefix}" "${_prefix}/*")
  foreach(_f IN LISTS _installed)
    if(NOT _f MATCHES "^include/tracewire/.*\\.hpp$" AND NOT _f MATCHES "/cmake/tracewire/tracewire[A-Za-z-]*\\.cmake$")
      message(FATAL_ERROR "consumer (package): unexpected installed file ${_f}")
    endif()
  endforeach()

  # The version file must refuse an incompatible major version, and say so for the right reason.
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S "${TW_CONSUMER_DIR}" -B "${TW_WORK_DIR}/reject-build" ${_common}
            ${_consumer_args} "-DCMAKE_PREFIX_PATH=${_prefix}" -DTW_REQUEST_VERSION=1.0
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(rc EQUAL 0)
    message("${out}")
    message(FATAL_ERROR "consumer (package): find_package(tracewire 1.0) accepted the installed 0.x")
  endif()
  if(NOT out MATCHES "compatible with requested version \"1\\.0\"" OR NOT out MATCHES "version: 0\\.")
    message("${out}")
    message(FATAL_ERROR "consumer (package): find_package(tracewire 1.0) failed, but not because "
                        "of the version check")
  endif()
  message(STATUS "consumer (package): find_package(tracewire 1.0) rejected as it must be")
  list(APPEND _consumer_args "-DCMAKE_PREFIX_PATH=${_prefix}" "-DTW_EXPECTED_PREFIX=${_prefix}")
endif()

set(_build "${TW_WORK_DIR}/consumer-build")
# No CMAKE_BUILD_TYPE on purpose: the consumer checks that tracewire does not set one either.
run_step("configure consumer"
  ${CMAKE_COMMAND} -S "${TW_CONSUMER_DIR}" -B "${_build}" ${_common} ${_consumer_args})
run_step("build consumer" ${CMAKE_COMMAND} --build "${_build}" --config "${TW_CONFIG}")
file(GLOB _exe "${_build}/bin/tracewire_consumer" "${_build}/bin/tracewire_consumer.exe")
if(NOT _exe)
  message(FATAL_ERROR "consumer (${TW_MODE}): no executable in ${_build}/bin")
endif()
run_step("run consumer" ${_exe})
