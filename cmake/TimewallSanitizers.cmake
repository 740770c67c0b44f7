# TIMEWALL_SANITIZE=ON builds everything with ASan+UBSan, and makes UBSan
# findings fatal so that a test cannot pass over undefined behaviour.
if(TIMEWALL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
