set(HOOKSCOPE_SOURCES
    capturedhead.h capturedhead.cpp
    capturedurl.h capturedurl.cpp
    curl.h curl.cpp
    eventbundle.h eventbundle.cpp
    exportevents.h exportevents.cpp
    exportfiles.h exportfiles.cpp
    formats.h formats.cpp
    har.h har.cpp
    importer.h importer.cpp
    mimeconvert.h mimeconvert.cpp)
