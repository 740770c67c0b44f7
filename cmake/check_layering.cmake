# Include check of the module DAG (tables in TimewallLayering.cmake):
#   cmake -DTW_ROOT=<source tree> -P cmake/check_layering.cmake
# Every #include in a module's sources is resolved the way the build
# resolves it (the file's own folder, then the public roots
# sdk/include/timewall/ and platform/include/, then the internal roots sdk/
# and platform/, then sdk/include/);
# one that lands in another module, or names an external family (vulkan/,
# openxr/, GLFW/, ...), must be allowed by the including module's row.
# Prints one "file:line: module includes X (what)" per violation and exits
# non-zero; prints the number of files and includes checked otherwise.
cmake_minimum_required(VERSION 3.25)
if(NOT TW_ROOT)
  message(FATAL_ERROR "check_layering: give -DTW_ROOT=<source tree>")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/TimewallLayering.cmake)

set(roots ${TW_ROOT}/sdk/include/timewall ${TW_ROOT}/sdk ${TW_ROOT}/platform/include ${TW_ROOT}/platform ${TW_ROOT}/sdk/include
          ${TW_ROOT}/platform/dbus/include)
set(problems "")
set(files 0)
set(includes 0)
foreach(m IN LISTS TW_LAYER_MODULES)
  foreach(d IN LISTS TW_LAYER_DIRS_${m})
    file(GLOB_RECURSE sources ${TW_ROOT}/${d}/*.h ${TW_ROOT}/${d}/*.hpp ${TW_ROOT}/${d}/*.c ${TW_ROOT}/${d}/*.cpp)
    foreach(src IN LISTS sources)
      math(EXPR files "${files} + 1")
      get_filename_component(here ${src} DIRECTORY)
      file(RELATIVE_PATH src_rel ${TW_ROOT} ${src})
      file(STRINGS ${src} lines)
      set(n 0)
      foreach(line IN LISTS lines)
        math(EXPR n "${n} + 1")
        if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"]")
          continue()
        endif()
        set(inc ${CMAKE_MATCH_1})
        math(EXPR includes "${includes} + 1")
        set(kind "")
        foreach(r IN ITEMS ${here} ${roots})
          if(EXISTS ${r}/${inc} AND NOT IS_DIRECTORY ${r}/${inc})
            file(REAL_PATH ${r}/${inc} target_path)
            file(REAL_PATH ${TW_ROOT} root_path)
            file(RELATIVE_PATH target_rel ${root_path} ${target_path})
            tw_layer_module_of("${target_rel}" kind)
            break()
          endif()
        endforeach()
        if(kind STREQUAL "")
          tw_layer_family_of(INCLUDE "${inc}" kind)
        endif()
        if(kind STREQUAL "")
          continue()  # the standard library or the system
        endif()
        tw_layer_allowed(${m} ${kind} ok)
        if(NOT ok)
          string(APPEND problems "\n${src_rel}:${n}: ${m} includes ${inc} (${kind})")
        endif()
      endforeach()
    endforeach()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "layering: includes outside the module's row in "
                      "cmake/TimewallLayering.cmake (docs/architecture.md):${problems}")
endif()
if(files EQUAL 0)
  message(FATAL_ERROR "layering: no source found under ${TW_ROOT}")
endif()
message(STATUS "layering: ${files} files, ${includes} includes, every one allowed")
