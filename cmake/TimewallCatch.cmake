# Catch2 2.13 (Debian 12) and Catch2 v3 both work. Tests include
# tests/support/tw_catch.hpp; timewall_add_catch_test() links the right main
# and registers every TEST_CASE with CTest through catch_discover_tests; a
# case that calls TW_SKIP is reported by CTest as skipped.
find_package(Catch2 REQUIRED)
include(Catch)

# One main for both (tests/support/catch_main.cpp): it turns TW_SKIP into a
# skip that CTest reports (exit 77 = SKIP_RETURN_CODE) rather than a pass.
add_library(tw_catch_main STATIC ${CMAKE_SOURCE_DIR}/tests/support/catch_main.cpp)
target_include_directories(tw_catch_main PUBLIC ${CMAKE_SOURCE_DIR}/tests/support)
target_link_libraries(tw_catch_main PUBLIC Catch2::Catch2)
set(TIMEWALL_CATCH_MAIN tw_catch_main)

# timewall_add_catch_test(NAME SOURCES... LIBS ... [LABELS ...])
function(timewall_add_catch_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  timewall_warnings(${name})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/support)
  target_compile_definitions(${name} PRIVATE
    TW_SOURCE_DIR="${CMAKE_SOURCE_DIR}" TW_BINARY_DIR="${CMAKE_BINARY_DIR}")
  target_link_libraries(${name} PRIVATE ${TIMEWALL_CATCH_MAIN} ${ARG_LIBS})
  set(labels ${ARG_LABELS})
  if(NOT labels)
    set(labels unit)
  endif()
  # --warn NoTests: a test whose name matches no case fails instead of
  # passing with nothing run (a '[' in a name reads as a tag filter).
  catch_discover_tests(${name} TEST_PREFIX "${name}:" EXTRA_ARGS --warn NoTests
    PROPERTIES LABELS "${labels}" SKIP_RETURN_CODE 77 DISCOVERY_TIMEOUT 60)
endfunction()
