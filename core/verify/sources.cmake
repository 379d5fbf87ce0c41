set(HOOKSCOPE_SOURCES
    asymmetric.h asymmetric.cpp
    basicauthscheme.h basicauthscheme.cpp
    diagnosis.h diagnosis.cpp
    evidence.h evidence.cpp
    mailgun.cpp
    mandrillscheme.h mandrillscheme.cpp
    postalscheme.h postalscheme.cpp
    postmarkscheme.h postmarkscheme.cpp
    presets.h presets.cpp
    rsakeys.h rsakeys.cpp
    scheme.h scheme.cpp schemeregistry.cpp
    schemesupport.h schemesupport.cpp
    sendgridscheme.h sendgridscheme.cpp
    snscertificates.h snscertificates.cpp
    snsscheme.h snsscheme.cpp
    standardwebhooksscheme.h standardwebhooksscheme.cpp
    stripescheme.h stripescheme.cpp
    twilioscheme.h twilioscheme.cpp
    verdict.h verdict.cpp)
