set(HOOKSCOPE_SOURCES
    idempotency.h idempotency.cpp
    ingestor.h ingestor.cpp
    captureservice.h captureservice.cpp
    postprocessor.h postprocessor.cpp)
