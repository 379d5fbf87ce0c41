set(HOOKSCOPE_SOURCES
    credentialkey.h credentialkey.cpp
    database.h database.cpp
    eventstore.h eventstore.cpp
    ingestrecord.h
    records.h records.cpp
    sqlstatement.h
    searchhits.h searchhits.cpp
    storewriter.h storewriter.cpp)
