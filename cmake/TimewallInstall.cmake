# `cmake --install`: headers, libraries, the `timewall` CLI, the CMake package
# (find_package(Timewall) -> Timewall::sdk, Timewall::capi, and Timewall::inbox
# where built with D-Bus), timewall.pc (and timewall-inbox.pc), and
# the OpenXR API layer with its manifests where the OpenXR loader looks
# (<datadir>/openxr/1/api_layers/{explicit,implicit}.d). Every installed path
# is relative to the prefix, so `cmake --install --prefix DIR` and DESTDIR work.
# Layout and the reasons: docs/install.md.
include(CMakePackageConfigHelpers)

option(TIMEWALL_INSTALL_IMPLICIT_LAYER
       "Install the OpenXR layer's implicit manifest (on for every OpenXR app; DISABLE_XR_APILAYER_TIMEWALL_OVERLAY=1 turns it off)" ON)

set(TIMEWALL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Timewall)

# The C++ SDK as one target.
add_library(tw_sdk INTERFACE)
add_library(Timewall::sdk ALIAS tw_sdk)
target_link_libraries(tw_sdk INTERFACE tw_core tw_replay tw_report tw_layout)
set_target_properties(tw_sdk PROPERTIES EXPORT_NAME sdk)
set_target_properties(tw_core PROPERTIES EXPORT_NAME core)
set_target_properties(tw_replay PROPERTIES EXPORT_NAME replay)
set_target_properties(tw_report PROPERTIES EXPORT_NAME report)
set_target_properties(tw_layout PROPERTIES EXPORT_NAME layout)

install(TARGETS tw_core tw_replay tw_report tw_layout tw_sdk tw_capi EXPORT TimewallTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS timewall RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The shield timewalld raises over a blocked app (GPU builds only).
if(TARGET timewall-shield)
  install(TARGETS timewall-shield RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET timewall-overlay)
  install(TARGETS timewall-overlay RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# The example policy and the demo day (`timewall demo --data <datadir>/timewall`).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/timewall)

install(FILES ${CMAKE_SOURCE_DIR}/sdk/include/timewall/timewall.h
              ${TIMEWALL_GENERATED_INCLUDE_DIR}/timewall/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/timewall)
# Only public headers: those under sdk/include/timewall of the installed
# modules (render is not installed: a GPU host builds against the tree).
# Internal headers stay next to their sources and are never shipped.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/sdk/include/timewall/core ${CMAKE_SOURCE_DIR}/sdk/include/timewall/report
                  ${CMAKE_SOURCE_DIR}/sdk/include/timewall/layout
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/timewall
        FILES_MATCHING PATTERN "*.hpp")

install(EXPORT TimewallTargets NAMESPACE Timewall:: DESTINATION ${TIMEWALL_CMAKE_DIR})
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/TimewallConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/cmake/TimewallConfig.cmake
                              INSTALL_DESTINATION ${TIMEWALL_CMAKE_DIR})
# 0.x: a minor release may break the API, so only the same minor matches.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/TimewallConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/TimewallConfig.cmake
              ${CMAKE_BINARY_DIR}/cmake/TimewallConfigVersion.cmake
        DESTINATION ${TIMEWALL_CMAKE_DIR})

# timewall.pc finds the prefix from its own location (${pcfiledir}).
file(RELATIVE_PATH TW_PC_TO_PREFIX /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
configure_file(${CMAKE_SOURCE_DIR}/cmake/timewall.pc.in ${CMAKE_BINARY_DIR}/pkgconfig/timewall.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/pkgconfig/timewall.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The API layer. A relative library_path is resolved by the loader against the
# manifest's own folder, so the installed tree can move as a whole.
if(TIMEWALL_BUILD_GPU)
  set(TW_LAYER_FILE ${CMAKE_SHARED_LIBRARY_PREFIX}XrApiLayer_timewall_overlay${CMAKE_SHARED_LIBRARY_SUFFIX})
  set(TW_LAYERS_DIR ${CMAKE_INSTALL_DATADIR}/openxr/1/api_layers)
  install(TARGETS XrApiLayer_timewall_overlay LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  set(TW_LAYER_KINDS explicit)
  if(TIMEWALL_INSTALL_IMPLICIT_LAYER)
    list(APPEND TW_LAYER_KINDS implicit)
  endif()
  foreach(kind IN LISTS TW_LAYER_KINDS)
    file(RELATIVE_PATH TW_LAYER_LIBRARY_PATH /p/${TW_LAYERS_DIR}/${kind}.d /p/${CMAKE_INSTALL_LIBDIR}/${TW_LAYER_FILE})
    if(kind STREQUAL "implicit")
      set(TW_LAYER_EXTRA ",\n    \"disable_environment\": \"DISABLE_XR_APILAYER_TIMEWALL_OVERLAY\"")
    else()
      set(TW_LAYER_EXTRA "")
    endif()
    configure_file(${CMAKE_SOURCE_DIR}/platform/openxr/layer/manifest.json.in
                   ${CMAKE_BINARY_DIR}/install-manifests/${kind}.d/XrApiLayer_timewall_overlay.json @ONLY)
    install(FILES ${CMAKE_BINARY_DIR}/install-manifests/${kind}.d/XrApiLayer_timewall_overlay.json
            DESTINATION ${TW_LAYERS_DIR}/${kind}.d)
  endforeach()
endif()

# timewalld, the device service, as a systemd user unit, and D-Bus
# activation of org.freedesktop.Notifications through it
# (docs/device-service.md, docs/notifications.md).
if(TIMEWALL_WITH_DBUS)
  foreach(f timewalld.service org.freedesktop.Notifications.service)
    configure_file(${CMAKE_SOURCE_DIR}/packaging/${f}.in ${CMAKE_BINARY_DIR}/packaging/${f} @ONLY)
  endforeach()
  install(FILES ${CMAKE_BINARY_DIR}/packaging/timewalld.service DESTINATION ${CMAKE_INSTALL_LIBDIR}/systemd/user)
  install(FILES ${CMAKE_BINARY_DIR}/packaging/org.freedesktop.Notifications.service
          DESTINATION ${CMAKE_INSTALL_DATADIR}/dbus-1/services)
  # serve's inbox for C hosts (timewall_inbox.h, libtimewall-inbox.so).
  # In the package as Timewall::inbox, and as timewall-inbox.pc.
  install(TARGETS tw_inbox_capi EXPORT TimewallTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(FILES ${CMAKE_SOURCE_DIR}/platform/dbus/include/timewall/timewall_inbox.h
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/timewall)
  configure_file(${CMAKE_SOURCE_DIR}/cmake/timewall-inbox.pc.in ${CMAKE_BINARY_DIR}/pkgconfig/timewall-inbox.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/pkgconfig/timewall-inbox.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
