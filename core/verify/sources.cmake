set(HOOKSCOPE_SOURCES
    mailparsescheme.h mailparsescheme.cpp
    scheme.h schemeregistry.cpp
    verdict.h verdict.cpp)
