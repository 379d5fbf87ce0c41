set(HOOKSCOPE_SOURCES
    credentials.h credentials.cpp
    idempotency.h idempotency.cpp
    ingestor.h ingestor.cpp
    responserules.h responserules.cpp
    captureservice.h captureservice.cpp
    capturesettings.h capturesettings.cpp
    postprocessor.h postprocessor.cpp)
