set(HOOKSCOPE_SOURCES
    database.h database.cpp
    eventstore.h eventstore.cpp
    ingestrecord.h
    records.h records.cpp
    sqlstatement.h
    storewriter.h storewriter.cpp)
