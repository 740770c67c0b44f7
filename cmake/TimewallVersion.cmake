# The version is written once, in project(Timewall VERSION ...). This makes
# <build>/include/timewall/version.h from it; timewall.pc, the CMake package
# version file and the OpenXR layer manifests read the same variables.
math(EXPR TIMEWALL_VERSION_NUMBER
     "${PROJECT_VERSION_MAJOR} * 10000 + ${PROJECT_VERSION_MINOR} * 100 + ${PROJECT_VERSION_PATCH}")
set(TIMEWALL_GENERATED_INCLUDE_DIR ${CMAKE_BINARY_DIR}/include)
configure_file(${CMAKE_SOURCE_DIR}/sdk/include/timewall/version.h.in
               ${TIMEWALL_GENERATED_INCLUDE_DIR}/timewall/version.h @ONLY)
