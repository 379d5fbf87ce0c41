# One INTERFACE target carries the language level, warnings and Qt defines for every target.
add_library(hookscope_options INTERFACE)
target_compile_features(hookscope_options INTERFACE cxx_std_20)
target_compile_definitions(hookscope_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    BOOST_BEAST_USE_STD_STRING_VIEW
    HOOKSCOPE_VERSION="${PROJECT_VERSION}")
target_compile_options(hookscope_options INTERFACE -Wall -Wextra -Wno-unused-parameter)

# Sanitizer builds come from presets through HOOKSCOPE_SANITIZE (e.g. "address,undefined" or "thread").
set(HOOKSCOPE_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list")
if(HOOKSCOPE_SANITIZE)
    target_compile_options(hookscope_options INTERFACE -fsanitize=${HOOKSCOPE_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(hookscope_options INTERFACE -fsanitize=${HOOKSCOPE_SANITIZE})
endif()

# LLVM's linker where the toolchain has it: a test executable links in about 2 s instead of about 20 s with
# GNU ld (ASan build), which is most of a clean build's link time (BENCHMARKS.md, "Build").
option(HOOKSCOPE_USE_LLD "Link with LLVM's lld when the compiler accepts -fuse-ld=lld" ON)
if(HOOKSCOPE_USE_LLD)
    include(CheckLinkerFlag)
    check_linker_flag(CXX -fuse-ld=lld HOOKSCOPE_HAVE_LLD)
    if(HOOKSCOPE_HAVE_LLD)
        target_link_options(hookscope_options INTERFACE -fuse-ld=lld)
    endif()
endif()

# hookscope_precompile(target header...): the headers most of a target's files read, parsed once per build
# instead of once per file. Only on builds without a compiler launcher: ccache caches each file instead, which
# a precompiled header would defeat. HOOKSCOPE_PCH=OFF turns it off (e.g. to check that every file includes
# what it uses).
option(HOOKSCOPE_PCH "Precompile the Qt headers most files read (faster clean builds)" ON)
function(hookscope_precompile target)
    if(HOOKSCOPE_PCH AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
        target_precompile_headers(${target} PRIVATE ${ARGN})
    endif()
endfunction()
