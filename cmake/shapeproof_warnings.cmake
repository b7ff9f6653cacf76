# SPDX-License-Identifier: MIT
# Warnings for shapeproof's own targets, never through global flags.
function(shapeproof_set_target_warnings target scope)
  target_compile_options(${target} ${scope}
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast -Wcast-qual
    -Wnon-virtual-dtor -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
endfunction()
