# Fails when the default scheme's name is spelled outside core/verify/: every other place asks
# verify::defaultSchemeName(). Run as: cmake -DROOT=<source dir> -P default_scheme_name.cmake
file(GLOB_RECURSE sources RELATIVE ${ROOT}
    ${ROOT}/app/*.cpp ${ROOT}/app/*.h ${ROOT}/ui/*.cpp ${ROOT}/ui/*.h ${ROOT}/core/*.cpp ${ROOT}/core/*.h)
set(found "")
foreach(source ${sources})
    if(source MATCHES "^core/verify/")
        continue()
    endif()
    file(STRINGS ${ROOT}/${source} lines REGEX "\"mailparse\"|default mailparse")
    foreach(line ${lines})
        string(STRIP "${line}" line)
        string(APPEND found "\n  ${source}: ${line}")
    endforeach()
endforeach()
if(found)
    message(FATAL_ERROR "the default scheme's name is spelled out; use verify::defaultSchemeName():${found}")
endif()
message(STATUS "the default scheme's name is spelled only in core/verify/")
