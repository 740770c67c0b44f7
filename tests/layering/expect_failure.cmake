# Runs CMD (a ;-list) and passes only when it fails and its output matches
# every regex in EXPECT (a ;-list): a check that is shown to catch what it
# is meant to catch.
#   cmake -DCMD="a;b" -DEXPECT="re1;re2" -P expect_failure.cmake
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
string(REGEX REPLACE "\n +" " " flat "${all}")  # CMake folds long messages
message("${all}")
if(rc EQUAL 0)
  message(FATAL_ERROR "expected a failure, got exit code 0")
endif()
foreach(re IN LISTS EXPECT)
  if(NOT flat MATCHES "${re}")
    message(FATAL_ERROR "the failure does not say: ${re}")
  endif()
endforeach()
message("failed as expected (exit code ${rc})")
