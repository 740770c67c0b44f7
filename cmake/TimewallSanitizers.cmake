# TIMEWALL_SANITIZE=ON builds everything with ASan+UBSan, and makes UBSan
# findings fatal so that a test cannot pass over undefined behaviour.
if(TIMEWALL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# TIMEWALL_FUZZ=ON (clang only): coverage instrumentation for libFuzzer on
# every target, with ASan+UBSan; tests/fuzz links the fuzzer driver itself.
if(TIMEWALL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TIMEWALL_FUZZ needs clang (libFuzzer); use the `fuzz` preset")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
