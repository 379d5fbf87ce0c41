set(HOOKSCOPE_SOURCES payload.h payload.cpp)
