# Attachment safety: clamd (INSTREAM), libmagic's type, the risky-content rules, the scanner and `rescan`.
set(HOOKSCOPE_SOURCES
    attachmentscanner.h attachmentscanner.cpp
    clamdclient.h clamdclient.cpp
    inspection.h inspection.cpp
    rescan.h rescan.cpp
    scansettings.h scansettings.cpp)
