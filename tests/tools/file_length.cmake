# Run with `cmake -DROOT=<source dir> -P file_length.cmake` (the `layout_file_length` test): fails when a C++
# source file under app/, core/ or ui/ is longer than 700 lines. A file that grows past that splits by what
# it holds.
cmake_minimum_required(VERSION 3.25)

set(limit 700)
# Known exceptions, by path from the source root (none now); an exception that is back within the limit fails
# too, so that it is taken off the list.
set(exceptions)
# Tighter limits: MainWindow only wires panes, models and controllers.
set(tight_files ui/mainwindow.cpp)
set(tight_limits 500)

if(NOT ROOT OR NOT IS_DIRECTORY "${ROOT}/core")
    message(FATAL_ERROR "ROOT must name the source directory (got '${ROOT}')")
endif()

file(GLOB_RECURSE sources RELATIVE "${ROOT}" "${ROOT}/app/*.cpp" "${ROOT}/core/*.cpp" "${ROOT}/ui/*.cpp")
list(LENGTH sources count)
if(count EQUAL 0)
    message(FATAL_ERROR "no .cpp files found under ${ROOT}/app, core, ui")
endif()

set(problems)
foreach(source IN LISTS sources)
    file(READ "${ROOT}/${source}" text)
    # Lines as `wc -l` counts them, plus a last line without its line break.
    string(REGEX MATCHALL "\n" breaks "${text}")
    list(LENGTH breaks lines)
    string(LENGTH "${text}" size)
    if(size GREATER 0 AND NOT text MATCHES "\n$")
        math(EXPR lines "${lines} + 1")
    endif()
    list(FIND tight_files "${source}" tight)
    if(NOT tight EQUAL -1)
        list(GET tight_limits ${tight} own)
        if(lines GREATER own)
            list(APPEND problems "${source}: ${lines} lines (limit ${own}: it only wires panes, models and controllers)")
        endif()
    endif()
    if(source IN_LIST exceptions)
        if(lines LESS_EQUAL limit)
            list(APPEND problems "${source}: ${lines} lines, within the limit now: take it off the exceptions")
        endif()
    elseif(lines GREATER limit)
        list(APPEND problems "${source}: ${lines} lines (limit ${limit})")
    endif()
endforeach()

foreach(file IN LISTS tight_files)
    if(NOT file IN_LIST sources)
        list(APPEND problems "${file}: has a limit of its own but was not found")
    endif()
endforeach()
foreach(exception IN LISTS exceptions)
    if(NOT exception IN_LIST sources)
        list(APPEND problems "${exception}: listed as an exception but not found: take it off the exceptions")
    endif()
endforeach()

if(problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "C++ files over ${limit} lines:\n  ${text}")
endif()
message(STATUS "${count} .cpp files under app/, core/, ui/: none over ${limit} lines (exceptions: ${exceptions})")
