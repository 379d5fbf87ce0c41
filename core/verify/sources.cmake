set(HOOKSCOPE_SOURCES
    asymmetric.h asymmetric.cpp
    diagnosis.h diagnosis.cpp
    evidence.h evidence.cpp
    mailgun.cpp
    postmarkscheme.h postmarkscheme.cpp
    presets.h presets.cpp
    scheme.h scheme.cpp schemeregistry.cpp
    schemesupport.h schemesupport.cpp
    sendgridscheme.h sendgridscheme.cpp
    standardwebhooksscheme.h standardwebhooksscheme.cpp
    stripescheme.h stripescheme.cpp
    twilioscheme.h twilioscheme.cpp
    verdict.h verdict.cpp)
