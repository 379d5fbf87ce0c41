# Fails when SQL is spoken outside core/store/: an SQL statement in a string literal, QtSql's query class or
# SQLite's C interface in a .cpp/.h of core/, ui/ or app/ (core/store/ excepted). The store owns every table.
#
#   cmake -DROOT=<source tree> -P check_sql_in_store.cmake
cmake_minimum_required(VERSION 3.20)
if(NOT ROOT)
    message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P check_sql_in_store.cmake")
endif()

set(files)
foreach(dir core ui app)
    file(GLOB_RECURSE found "${ROOT}/${dir}/*.cpp" "${ROOT}/${dir}/*.h")
    list(APPEND files ${found})
endforeach()
list(FILTER files EXCLUDE REGEX "^${ROOT}/core/store/")
list(LENGTH files count)
if(count EQUAL 0)
    message(FATAL_ERROR "no sources found under ${ROOT}/{core,ui,app}")
endif()

# A statement's opening words inside a string literal (the literal may be one piece of a longer statement), and
# the clauses that pieces of one begin with.
set(kw "SELECT [^\"]|INSERT (OR [A-Z]+ )?INTO|REPLACE INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|UNIQUE|VIRTUAL|TRIGGER|VIEW|TEMP)")
set(kw "${kw}|DROP (TABLE|INDEX|TRIGGER|VIEW)|ALTER TABLE|PRAGMA [a-z_]|SAVEPOINT [a-z_]|RELEASE [a-z_]|ROLLBACK( TO|\")")
set(kw "${kw}|BEGIN (IMMEDIATE|EXCLUSIVE|DEFERRED|TRANSACTION)|COMMIT\"|VACUUM|ATTACH DATABASE")
set(kw "${kw}| FROM [a-z_]+|WHERE [a-z_.]+ (=|IN|IS|<|>|BETWEEN)|ORDER BY [a-z_]|GROUP BY [a-z_]|ON CONFLICT")
set(literal "\"[^\"]*(${kw})")
set(api "(^|[^A-Za-z_])(QSqlQuery|sqlite3_[a-z_0-9]+|sqlite3\\.h)")

set(offences)
foreach(file IN LISTS files)
    # Lines as a list: the characters CMake's lists treat specially are set aside first.
    file(READ "${file}" content)
    string(REPLACE ";" "<semicolon>" content "${content}")
    string(REPLACE "[" "<open>" content "${content}")
    string(REPLACE "]" "<close>" content "${content}")
    string(REPLACE "\n" ";" lines "${content}")
    set(n 0)
    foreach(line IN LISTS lines)
        math(EXPR n "${n} + 1")
        # Comments may speak of SQL; a line comment starts at // after a blank or at the start of the line.
        string(REGEX REPLACE "(^|[ \t])//.*$" "" code "${line}")
        string(REGEX REPLACE "^[ \t]*\\*.*$" "" code "${code}")
        if(code MATCHES "${literal}" OR code MATCHES "${api}")
            file(RELATIVE_PATH rel "${ROOT}" "${file}")
            string(STRIP "${line}" shown)
            string(REPLACE "<semicolon>" "," shown "${shown}")
            list(APPEND offences "${rel}:${n}: ${shown}")
        endif()
    endforeach()
endforeach()

list(LENGTH offences found)
if(found GREATER 0)
    list(JOIN offences "\n  " text)
    message(FATAL_ERROR "SQL outside core/store/ (${found} line(s)); put it behind the store's interfaces:\n  ${text}")
endif()
message(STATUS "no SQL outside core/store/ in ${count} files")
