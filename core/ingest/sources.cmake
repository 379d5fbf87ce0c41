set(HOOKSCOPE_SOURCES
    credentials.h credentials.cpp
    idempotency.h idempotency.cpp
    ingestor.h ingestor.cpp
    captureservice.h captureservice.cpp
    postprocessor.h postprocessor.cpp)
