set(HOOKSCOPE_SOURCES
    attachmentscans.h attachmentscans.cpp
    attemptlog.h attemptlog.cpp
    auditlog.h auditlog.cpp
    bodysegments.h bodysegments.cpp
    checkpointer.h checkpointer.cpp
    credentialkey.h credentialkey.cpp
    database.h database.cpp
    emailindex.h emailindex.cpp
    emailprocessing.h emailprocessing.cpp
    changefeed.h changefeed.cpp
    checkruns.h checkruns.cpp
    eventchanges.h eventchanges.cpp
    eventstore.h eventstore.cpp
    ingestrecord.h
    records.h records.cpp
    sqlstatement.h
    searchhits.h searchhits.cpp
    stats.h stats.cpp
    storewriter.h storewriter.cpp
    walvfs.h walvfs.cpp)
