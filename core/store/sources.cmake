set(HOOKSCOPE_SOURCES
    database.h database.cpp
    eventstore.h eventstore.cpp
    ingestrecord.h
    records.h records.cpp
    storewriter.h storewriter.cpp)
