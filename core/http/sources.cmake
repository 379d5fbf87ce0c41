set(HOOKSCOPE_SOURCES
    certificate.h certificate.cpp
    delivery.h
    httpconnection.h httpconnection.cpp
    httpheader.h httpheader.cpp
    httpresponse.h httpresponse.cpp
    limits.h
    listener.h listener.cpp
    portprobe.h portprobe.cpp
    requestframer.h requestframer.cpp
    requesthandler.h)
