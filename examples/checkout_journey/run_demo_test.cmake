# SPDX-License-Identifier: Apache-2.0
# Runs the demo with ARGS, checks its output has the waterfall and the summary, then runs
# check_spans on what it exported. DEMO, CHECK, WORK, ARGS; EXPECT_DROPS and EXPECT_TRANSPORT
# (real: the run must report the cpp-httplib, gRPC and librdkafka endpoints it used) optional.
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${DEMO}" ${ARGS} --spans-out "${WORK}/spans.tsv"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "checkout_journey failed (${rc}): ${err}")
endif()
foreach(expected "trace [0-9a-f]+  journey" "summary" "sampled share by tier"
                 "spans: pushed=[0-9]+ exported=[0-9]+ dropped=[0-9]+" "per-step latency"
                 "trace_id=[0-9a-f]+ span_id=[0-9a-f]+")
  if(NOT out MATCHES "${expected}")
    message(FATAL_ERROR "the demo's output lacks '${expected}'")
  endif()
endforeach()
if(EXPECT_TRANSPORT STREQUAL "real")
  foreach(expected "transport real"
                   "transport: HTTP cpp-httplib [0-9.]+ on 127\\.0\\.0\\.1:[0-9]+, gRPC [0-9.]+ in-process, Kafka librdkafka [0-9.]+ mock cluster")
    if(NOT out MATCHES "${expected}")
      message(FATAL_ERROR "the demo's output lacks '${expected}'")
    endif()
  endforeach()
endif()
set(check_args "${WORK}/spans.tsv")
if(EXPECT_DROPS)
  list(APPEND check_args --expect-drops)
endif()
execute_process(COMMAND "${CHECK}" ${check_args} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_spans failed")
endif()
