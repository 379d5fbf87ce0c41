set(HOOKSCOPE_SOURCES
    eventbundle.h eventbundle.cpp
    formats.h formats.cpp
    har.h har.cpp
    importer.h importer.cpp
    mimeconvert.h mimeconvert.cpp)
