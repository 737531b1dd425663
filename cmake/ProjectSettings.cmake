# One INTERFACE target carries the language level, warnings and the strict Qt defines, so every
# library and program is built the same way (qBittorrent's approach).
add_library(gpufailover_settings INTERFACE)
target_compile_features(gpufailover_settings INTERFACE cxx_std_20)
target_compile_definitions(gpufailover_settings INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  QT_USE_QSTRINGBUILDER
  QT_NO_URL_CAST_FROM_STRING
  QT_MESSAGELOGCONTEXT)
target_compile_options(gpufailover_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough)
if(GPUFAILOVER_WERROR)
  target_compile_options(gpufailover_settings INTERFACE -Werror)
endif()
target_include_directories(gpufailover_settings INTERFACE
  ${PROJECT_SOURCE_DIR}/src
  ${PROJECT_BINARY_DIR}/generated)

# Fails the configure step when `target` links, directly or through a dependency, a target whose
# name matches `pattern`; `why` goes into the message.
function(gpufailover_assert_links_none target pattern why)
  set(seen "")
  set(queue ${target})
  while(queue)
    list(POP_FRONT queue current)
    if(current IN_LIST seen OR NOT TARGET ${current})
      continue()
    endif()
    list(APPEND seen ${current})
    if(NOT current STREQUAL target AND current MATCHES "${pattern}")
      message(FATAL_ERROR "${target} must not link ${current}: ${why}")
    endif()
    get_target_property(libs ${current} LINK_LIBRARIES)
    get_target_property(ilibs ${current} INTERFACE_LINK_LIBRARIES)
    foreach(lib IN LISTS libs ilibs)
      if(lib AND NOT lib MATCHES "NOTFOUND$")
        string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" lib "${lib}")
        list(APPEND queue ${lib})
      endif()
    endforeach()
  endwhile()
endfunction()

# The engine and its headless programs never load Qt Gui or Widgets.
function(gpufailover_assert_no_gui target)
  gpufailover_assert_links_none(${target} "^Qt6?::(Gui|Widgets|Charts|OpenGL)$" "the engine never links Qt Gui")
endfunction()

# What runs on a user's machine never carries the simulated cloud or the test hosts.
function(gpufailover_assert_no_sim target)
  gpufailover_assert_links_none(${target} "^gpufailover_(sim|demo)$"
    "the simulator and the demo world are never linked into the user's programs")
endfunction()
