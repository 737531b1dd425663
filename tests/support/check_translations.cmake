# Every user-visible string of the desktop app has a Brazilian Portuguese translation: lupdate is
# run over the sources into a copy of the .ts, and the copy must have no unfinished entry (a new
# or changed string would be one).
# Usage: cmake -DLUPDATE=<lupdate> -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> -P check_translations.cmake
file(MAKE_DIRECTORY ${WORK_DIR})
set(ts ${WORK_DIR}/gpufailover_pt_BR.ts)
file(COPY_FILE ${SOURCE_DIR}/translations/gpufailover_pt_BR.ts ${ts})
execute_process(
  COMMAND ${LUPDATE} -no-obsolete -locations none -I ${SOURCE_DIR}/src
          ${SOURCE_DIR}/src/gui ${SOURCE_DIR}/forms ${SOURCE_DIR}/src/app/main_gui.cpp -ts ${ts}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc}): ${out}${err}")
endif()
file(READ ${ts} content)
string(REGEX MATCHALL "<source>[^<]*</source>[ \n\r\t]*<translation type=\"unfinished\"" unfinished "${content}")
string(REGEX MATCHALL "<source>[^<]*</source>[ \n\r\t]*<translation[^>]*/>" empty "${content}")
list(LENGTH unfinished n)
list(LENGTH empty m)
if(n GREATER 0 OR m GREATER 0)
  message(FATAL_ERROR "${n} unfinished and ${m} empty pt_BR translations:\n${unfinished}\n${empty}\n"
                      "Run: cmake --build <build> --target update_translations, then translate them.")
endif()
string(REGEX MATCHALL "<message" all "${content}")
list(LENGTH all total)
message(STATUS "pt_BR: ${total} strings, all translated")
