set(HOOKSCOPE_SOURCES
    apiserver.h apiserver.cpp
    apiconnection.h apiconnection.cpp
    eventfeed.h eventfeed.cpp
    eventjson.h eventjson.cpp
    localapi.h localapi.cpp
    metrics.h metrics.cpp
    token.h token.cpp)
