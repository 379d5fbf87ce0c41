set(HOOKSCOPE_SOURCES
    payload.h payload.cpp
    adapter.h adapter.cpp
    adapters/common.h adapters/common.cpp
    adapters/jsonmembers.h adapters/jsonmembers.cpp
    adapters/guidejson.cpp
    adapters/rawmime.cpp
    adapters/postmark.cpp
    adapters/sendgrid.cpp
    adapters/mailgun.cpp
    adapters/ses.cpp
    adapters/sparkpost.cpp
    adapters/mandrill.cpp
    adapters/postal.cpp
    adapters/mailersend.cpp
    adapters/mailjet.cpp
    adapters/brevo.cpp
    adapters/resend.cpp
    gmimeutil.h gmimeutil.cpp
    decoding.h decoding.cpp
    headerdecode.h headerdecode.cpp
    mimeparts.h mimeparts.cpp
    mimeparser.h mimeparser.cpp
    parttree.h parttree.cpp
    addresses.h addresses.cpp
    eventjson.h eventjson.cpp
    formdata.h formdata.cpp
    payloaddiff.h payloaddiff.cpp
    blobfiles.h blobfiles.cpp
    sampleevent.h sampleevent.cpp)

# RapidJSON (header-only) reads JSON objects whose member names repeat (see adapters/jsonmembers.h).
find_package(RapidJSON REQUIRED)
target_include_directories(core PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
