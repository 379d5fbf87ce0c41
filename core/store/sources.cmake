set(HOOKSCOPE_SOURCES
    database.h database.cpp
    eventstore.h eventstore.cpp
    ingestrecord.h
    records.h records.cpp
    searchhits.h searchhits.cpp
    storewriter.h storewriter.cpp)
