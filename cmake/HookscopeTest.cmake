# hookscope_add_test(tst_x SOURCES a.cpp ... [LIBS lib...] [GUI] [SERIAL] [TIMEOUT s] [LABELS l...])
# Core tests link `core`; GUI tests link `ui` and run offscreen. Integration tests find the real
# binary through HOOKSCOPE_BINARY, the shared signature vectors through HOOKSCOPE_SHARED_DIR.
# SERIAL: a heavy test (a million rows, kill -9 rounds, a flood of events) that CTest runs alone, never beside
# another test, so that `ctest -j` does not starve the tests running next to it (RUN_SERIAL).
#
# On a clean GCC build (no compiler launcher such as ccache, HOOKSCOPE_PCH on: hookscope_precompile), every test reuses one
# precompiled QtTest + test-support header, made once by a donor target with the same flags (one for core
# tests, one for window tests, whose QtTest reads the Widgets parts): each test's one file no longer parses
# them. A flag that differs makes GCC read the headers as usual, never a different result.

# The libraries, definitions and include folders every test (and its header donor) is built with.
function(hookscope_test_flags name gui)
    target_link_libraries(${name} PRIVATE hookscope_options core Qt6::Test)
    if(gui)
        target_link_libraries(${name} PRIVATE ui Qt6::Widgets)
    endif()
    target_compile_definitions(${name} PRIVATE
        HOOKSCOPE_BINARY="$<TARGET_FILE:hookscope>"
        HOOKSCOPE_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
        HOOKSCOPE_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
endfunction()

function(hookscope_test_pch name gui)
    if(NOT HOOKSCOPE_PCH OR CMAKE_CXX_COMPILER_LAUNCHER OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        return()
    endif()
    set(donor hookscope_test_pch)
    if(gui)
        set(donor hookscope_gui_test_pch)
    endif()
    if(NOT TARGET ${donor})
        set(source ${PROJECT_BINARY_DIR}/tests/${donor}.cpp)
        file(WRITE ${source} "// The precompiled test headers' donor: nothing of its own.\n")
        add_library(${donor} STATIC ${source})
        set_target_properties(${donor} PROPERTIES AUTOMOC OFF)
        hookscope_test_flags(${donor} ${gui})
        target_precompile_headers(${donor} PRIVATE <QtTest> <QJsonArray> <QJsonDocument> <QJsonObject>
            <QTemporaryDir> <QFile> <QDir> <QSignalSpy> "${PROJECT_SOURCE_DIR}/tests/testsupport.h")
        if(gui)
            target_precompile_headers(${donor} PRIVATE <QApplication> <QTableView> <QAction> <QLabel>)
        endif()
    endif()
    target_precompile_headers(${name} REUSE_FROM ${donor})
    # AUTOMOC's mocs_compilation.cpp holds nothing for a test whose moc its own file includes, yet loading the
    # precompiled header (300 MB with debug information) took it 1.5 s of CPU: nearly 300 s a clean tree.
    set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${name}_autogen/mocs_compilation.cpp
        TARGET_DIRECTORY ${name} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
endfunction()

function(hookscope_add_test name)
    cmake_parse_arguments(T "GUI;SERIAL" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    qt_add_executable(${name} ${T_SOURCES})
    hookscope_test_flags(${name} "${T_GUI}")
    target_link_libraries(${name} PRIVATE ${T_LIBS})
    hookscope_test_pch(${name} "${T_GUI}")
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
