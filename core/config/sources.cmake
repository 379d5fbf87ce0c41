set(HOOKSCOPE_SOURCES
    config.h config.cpp
    publicurl.h publicurl.cpp
    route.h route.cpp
    secretstore.h secretstore.cpp)
