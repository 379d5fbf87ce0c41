# Source layout: no .cpp under app/, core/ or ui/ over 700 lines, ui/mainwindow.cpp within 500 (tests/tools/file_length.cmake).
add_test(NAME layout_file_length
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/tools/file_length.cmake)
set_tests_properties(layout_file_length PROPERTIES LABELS unit)
