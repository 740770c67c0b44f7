# timewall_warnings(target): the project's warning set. CI turns on -Werror
# through TIMEWALL_WERROR so the tree stays warning-free.
function(timewall_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
  if(TIMEWALL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
