set(HOOKSCOPE_SOURCES
    eventbundle.h eventbundle.cpp
    exportfiles.h exportfiles.cpp
    formats.h formats.cpp
    har.h har.cpp
    importer.h importer.cpp
    mimeconvert.h mimeconvert.cpp)
