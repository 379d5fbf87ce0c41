# hookscope_add_test(tst_x SOURCES a.cpp ... [LIBS lib...] [GUI] [SERIAL] [TIMEOUT s] [LABELS l...])
# Core tests link `core`; GUI tests link `ui` and run offscreen. Integration tests find the real
# binary through HOOKSCOPE_BINARY, the shared signature vectors through HOOKSCOPE_SHARED_DIR.
# SERIAL: a heavy test (a million rows, kill -9 rounds, a flood of events) that CTest runs alone, never beside
# another test, so that `ctest -j` does not starve the tests running next to it (RUN_SERIAL).
function(hookscope_add_test name)
    cmake_parse_arguments(T "GUI;SERIAL" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    qt_add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE hookscope_options core Qt6::Test ${T_LIBS})
    if(T_GUI)
        target_link_libraries(${name} PRIVATE ui Qt6::Widgets)
    endif()
    target_compile_definitions(${name} PRIVATE
        HOOKSCOPE_BINARY="$<TARGET_FILE:hookscope>"
        HOOKSCOPE_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
        HOOKSCOPE_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
    add_dependencies(${name} hookscope)
    add_test(NAME ${name} COMMAND ${name})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QTWEBENGINE_DISABLE_SANDBOX=1"
        LABELS "${T_LABELS}")
    if(T_SERIAL)
        set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
    endif()
    if(T_GUI)
        # Qt WebEngine 6.4 (Chromium inside) frees some of its own objects with a mismatched sized delete, which
        # ASan reports as new-delete-type-mismatch from libQt6WebEngineCore frames only. Window tests load it, so
        # for them alone that one check is off; every other ASan check stays on, and core tests keep all of them.
        set_tests_properties(${name} PROPERTIES
            ENVIRONMENT_MODIFICATION "ASAN_OPTIONS=string_append::new_delete_type_mismatch=0")
    endif()
endfunction()
