set(HOOKSCOPE_SOURCES route.h route.cpp)
