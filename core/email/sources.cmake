set(HOOKSCOPE_SOURCES
    payload.h payload.cpp
    gmimeutil.h gmimeutil.cpp
    decoding.h decoding.cpp
    headerdecode.h headerdecode.cpp
    mimeparser.h mimeparser.cpp
    eventjson.h eventjson.cpp)
