# Compiles one probe file the way a user of a module's target would: with
# only that target's interface include directories. Shows that a module's
# internal headers are PRIVATE to it (the compiler cannot find them from
# outside) and that its public headers are enough.
#   cmake -DCXX=<compiler> -DINCLUDES="<dir;dir>" -DSOURCE=<file>
#         [-DEXPECT=<regex> -DINTERNAL=<header>] -P compile_probe.cmake
# Without EXPECT the probe must compile; with it, it must fail saying EXPECT,
# and INTERNAL (the header it reaches for) must exist in the tree, so the
# failure is the header's privacy and not a renamed file.
if(DEFINED INTERNAL AND NOT EXISTS ${INTERNAL})
  message(FATAL_ERROR "${INTERNAL} does not exist: the probe proves nothing")
endif()
set(args -std=c++20 -fsyntax-only)
foreach(dir IN LISTS INCLUDES)
  if(NOT dir STREQUAL "")  # an $<INSTALL_INTERFACE:...> entry is empty here
    list(APPEND args -I${dir})
  endif()
endforeach()
execute_process(COMMAND ${CXX} ${args} ${SOURCE} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
message("${out}${err}")
if(NOT DEFINED EXPECT)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${SOURCE} should compile against the public headers")
  endif()
  message("compiled against the public headers only")
  return()
endif()
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled: an internal header is visible outside its module")
endif()
if(NOT "${err}" MATCHES "${EXPECT}")
  message(FATAL_ERROR "the failure does not say: ${EXPECT}")
endif()
message("refused as expected")
