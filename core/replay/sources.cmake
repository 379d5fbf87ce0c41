set(HOOKSCOPE_SOURCES
    attemptlog.h
    attemptrow.h
    auditentry.h
    auditlog.h
    blockingrun.h blockingrun.cpp
    capturedrequest.h capturedrequest.cpp
    exchangeresult.h
    forwardrule.h
    forwardrules.h forwardrules.cpp
    httpexchange.h httpexchange.cpp
    outgoingrequest.h outgoingrequest.cpp
    replayengine.h replayengine.cpp
    replayer.h replayer.cpp
    replayservice.h
    replayjob.h
    replayspec.h replayspec.cpp
    requestbuilder.h requestbuilder.cpp
    responsereader.h responsereader.cpp
    retrypolicy.h retrypolicy.cpp
    storejob.h storejob.cpp)
