set(HOOKSCOPE_SOURCES
    payload.h payload.cpp
    gmimeutil.h gmimeutil.cpp
    decoding.h decoding.cpp
    headerdecode.h headerdecode.cpp
    mimeparser.h mimeparser.cpp
    parttree.h
    eventjson.h eventjson.cpp
    formdata.h formdata.cpp
    payloaddiff.h payloaddiff.cpp
    blobfiles.h blobfiles.cpp)
