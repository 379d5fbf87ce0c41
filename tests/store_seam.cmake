# The store's seam: one writer per process, SQL only under core/store/.
hookscope_add_test(tst_store_onewriter SOURCES tst_store_onewriter.cpp GUI LABELS store ui TIMEOUT 300)

# No SQL outside core/store/ (statements in string literals, QSqlQuery, SQLite's C interface) in core/, ui/, app/.
add_test(NAME sql_only_in_store
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_sql_in_store.cmake)
set_tests_properties(sql_only_in_store PROPERTIES LABELS "store;unit")
# The check itself: a tree with a statement planted outside core/store/ must fail it.
add_test(NAME sql_only_in_store_catches_a_planted_statement
    COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_CURRENT_SOURCE_DIR}/data/sqlseam
        -P ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_sql_in_store.cmake)
set_tests_properties(sql_only_in_store_catches_a_planted_statement PROPERTIES LABELS "store;unit" WILL_FAIL TRUE)
