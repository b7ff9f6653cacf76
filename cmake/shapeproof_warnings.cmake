# SPDX-License-Identifier: MIT
# Warnings for shapeproof's own targets, never through global flags. (-Wnull-dereference is left
# out: at -O3 it fires inside xtensor's reducers on paths that cannot run.)
function(shapeproof_set_target_warnings target scope)
  target_compile_options(${target} ${scope}
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast -Wcast-qual
    -Wnon-virtual-dtor -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
endfunction()
