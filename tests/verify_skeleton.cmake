# Rules every signature scheme shares through the one skeleton (blank values, the registry, the diagnosis on top),
# and the default scheme's name spelled only by verify::defaultSchemeName().
hookscope_add_test(tst_verify_skeleton SOURCES tst_verify_skeleton.cpp LABELS verify unit)
add_test(NAME default_scheme_name_spelled_once
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -P ${PROJECT_SOURCE_DIR}/tests/tools/default_scheme_name.cmake)
set_tests_properties(default_scheme_name_spelled_once PROPERTIES LABELS "verify unit")
