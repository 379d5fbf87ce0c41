set(HOOKSCOPE_SOURCES
    payload.h payload.cpp
    gmimeutil.h gmimeutil.cpp
    decoding.h decoding.cpp
    headerdecode.h headerdecode.cpp
    mimeparts.h mimeparts.cpp
    mimeparser.h mimeparser.cpp
    parttree.h parttree.cpp
    addresses.h addresses.cpp
    eventjson.h eventjson.cpp
    formdata.h formdata.cpp
    payloaddiff.h payloaddiff.cpp
    blobfiles.h blobfiles.cpp
    sampleevent.h sampleevent.cpp)
