set(HOOKSCOPE_SOURCES
    checkcontext.h checkcontext.cpp
    checkoptions.h checkoptions.cpp
    checkresult.h checkresult.cpp
    checks.h checks.cpp
    checksuite.h checksuite.cpp
    junit.h junit.cpp)
