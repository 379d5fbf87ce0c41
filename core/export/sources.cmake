set(HOOKSCOPE_SOURCES
    mimeconvert.h mimeconvert.cpp)
