# The module DAG of docs/architecture.md as data, and the two checks that
# hold the tree to it:
#   - timewall_check_links(): at configure time, every target defined under a
#     module's folder may link only the modules and external libraries its
#     row allows (a forbidden edge is a configure error naming both ends);
#   - cmake/check_layering.cmake: every #include under a module's folder
#     resolves to an allowed module or external family (run by CTest).
# Both read the tables below, so the graph is written down once.
# What it does not do: check tests/ and bench/ (they may use anything), or
# judge system and standard-library headers (always allowed).

# Modules, most basic first: name and folder(s) relative to the source root.
# A module's public headers sit under sdk/include/timewall/<module> or
# platform/include/<module>; the headers next to its sources are PRIVATE to
# its target (the compiler refuses them elsewhere; tests and bench see both).
set(TW_LAYER_MODULES core report layout capi render platform_common dbus monado headless desktop openxr samples)
set(TW_LAYER_DIRS_core sdk/core sdk/include/timewall/core)
set(TW_LAYER_DIRS_report sdk/report sdk/include/timewall/report)
set(TW_LAYER_DIRS_layout sdk/layout sdk/include/timewall/layout)
set(TW_LAYER_DIRS_capi sdk/capi sdk/include/timewall/timewall.h sdk/include/timewall/version.h.in)
set(TW_LAYER_DIRS_render sdk/render sdk/include/timewall/render)
set(TW_LAYER_DIRS_platform_common platform/common platform/include/common)
set(TW_LAYER_DIRS_dbus platform/dbus platform/include/dbus)
set(TW_LAYER_DIRS_monado platform/monado platform/include/monado)
set(TW_LAYER_DIRS_headless platform/headless platform/include/headless)
set(TW_LAYER_DIRS_desktop platform/desktop platform/include/desktop)
set(TW_LAYER_DIRS_openxr platform/openxr platform/include/openxr)
set(TW_LAYER_DIRS_samples samples)
set(TW_LAYER_DIRS_shaders shaders)

# What each module may use: modules (itself included) and external families.
set(TW_LAYER_USES_core core sqlite toml json sodium)
set(TW_LAYER_USES_report core report sqlite json)
set(TW_LAYER_USES_layout core layout glm)
set(TW_LAYER_USES_capi core report capi)
set(TW_LAYER_USES_render core layout render shaders vulkan imgui glm)
set(TW_LAYER_USES_platform_common core platform_common)
set(TW_LAYER_USES_dbus core capi platform_common dbus sdbus)
set(TW_LAYER_USES_monado core monado)
set(TW_LAYER_USES_headless core layout render platform_common headless shaders vulkan glm stb imgui)
set(TW_LAYER_USES_desktop core layout render platform_common desktop shaders vulkan glfw glm imgui)
set(TW_LAYER_USES_openxr core layout render platform_common dbus openxr shaders vulkan openxr_sdk glm)
set(TW_LAYER_USES_samples ALL)

# External families: include-path regex and the link targets that bring them.
set(TW_LAYER_FAMILIES vulkan openxr_sdk glfw imgui glm sqlite toml json sodium stb shaders sdbus)
set(TW_LAYER_INCLUDE_vulkan "^vulkan/")
set(TW_LAYER_INCLUDE_openxr_sdk "^openxr/")
set(TW_LAYER_INCLUDE_glfw "^GLFW/")
set(TW_LAYER_INCLUDE_imgui "^(imgui|backends/imgui)")
set(TW_LAYER_INCLUDE_glm "^glm/")
set(TW_LAYER_INCLUDE_sqlite "^sqlite3")
set(TW_LAYER_INCLUDE_toml "^toml\\+\\+/")
set(TW_LAYER_INCLUDE_json "^nlohmann/")
set(TW_LAYER_INCLUDE_sodium "^sodium")
set(TW_LAYER_INCLUDE_stb "^stb")
set(TW_LAYER_INCLUDE_shaders "^tw_shaders/")
set(TW_LAYER_INCLUDE_sdbus "^systemd/")
set(TW_LAYER_LINK_vulkan "^Vulkan::")
set(TW_LAYER_LINK_openxr_sdk "^OpenXR::")
set(TW_LAYER_LINK_glfw "^PkgConfig::GLFW$")
set(TW_LAYER_LINK_imgui "^PkgConfig::IMGUI$")
set(TW_LAYER_LINK_glm "^glm::")
set(TW_LAYER_LINK_sqlite "^SQLite::")
set(TW_LAYER_LINK_toml "^tomlplusplus::")
set(TW_LAYER_LINK_json "^nlohmann_json::")
set(TW_LAYER_LINK_sodium "^PkgConfig::SODIUM$")
set(TW_LAYER_LINK_stb "^PkgConfig::STB$")
set(TW_LAYER_LINK_shaders "^tw_shaders$")
set(TW_LAYER_LINK_sdbus "^PkgConfig::SYSTEMD$")

# The module whose folder holds `rel` (a path relative to the source root),
# or "" for folders outside every module (tests, bench, cmake).
function(tw_layer_module_of rel out)
  foreach(m IN LISTS TW_LAYER_MODULES ITEMS shaders)
    foreach(d IN LISTS TW_LAYER_DIRS_${m})
      if(rel STREQUAL d OR rel MATCHES "^${d}/")
        set(${out} ${m} PARENT_SCOPE)
        return()
      endif()
    endforeach()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# TRUE when module `m` may use `what` (a module or an external family).
function(tw_layer_allowed m what out)
  set(uses ${TW_LAYER_USES_${m}})
  if("ALL" IN_LIST uses OR what IN_LIST uses)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# Every target defined under `dir` and its subdirectories.
function(tw_layer_targets_in dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    tw_layer_targets_in(${sub} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The external family whose TW_LAYER_<table>_<family> regex `name` matches
# (table: INCLUDE for an #include path, LINK for a link item), or "".
function(tw_layer_family_of table name out)
  foreach(f IN LISTS TW_LAYER_FAMILIES)
    if(name MATCHES "${TW_LAYER_${table}_${f}}")
      set(${out} ${f} PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# What a link item is: a module (by the folder its target is defined in), an
# external family, or "" (flags, system libraries, targets outside modules).
function(tw_layer_link_kind item out)
  set(kind "")
  if(TARGET ${item})
    get_target_property(aliased ${item} ALIASED_TARGET)
    if(aliased)
      set(item ${aliased})
    endif()
    get_target_property(imported ${item} IMPORTED)
    if(NOT imported)
      get_target_property(src ${item} SOURCE_DIR)
      file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${src})
      tw_layer_module_of("${rel}" kind)
    endif()
  endif()
  if(kind STREQUAL "")
    tw_layer_family_of(LINK "${item}" kind)
  endif()
  set(${out} "${kind}" PARENT_SCOPE)
endfunction()

# Configure-time check of every target's direct links (call at the end of
# the top-level CMakeLists.txt, when all targets exist).
function(timewall_check_links)
  tw_layer_targets_in(${CMAKE_SOURCE_DIR} targets)
  set(problems "")
  foreach(t IN LISTS targets)
    get_target_property(src ${t} SOURCE_DIR)
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${src})
    tw_layer_module_of("${rel}" m)
    if(m STREQUAL "" OR m STREQUAL "shaders")
      continue()
    endif()
    set(links "")
    get_target_property(direct ${t} LINK_LIBRARIES)
    get_target_property(iface ${t} INTERFACE_LINK_LIBRARIES)
    foreach(l IN LISTS direct iface)
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" l "${l}")
      if(l AND NOT l MATCHES "-NOTFOUND$")
        list(APPEND links ${l})
      endif()
    endforeach()
    list(REMOVE_DUPLICATES links)
    foreach(l IN LISTS links)
      tw_layer_link_kind("${l}" kind)
      if(kind STREQUAL "")
        continue()
      endif()
      tw_layer_allowed(${m} ${kind} ok)
      if(NOT ok)
        string(APPEND problems "\n  ${t} (${m}, ${rel}) links ${l} (${kind})")
      endif()
    endforeach()
  endforeach()
  if(problems)
    message(FATAL_ERROR "layering: targets link upward or outside their row in "
                        "cmake/TimewallLayering.cmake (docs/architecture.md):${problems}")
  endif()
endfunction()
