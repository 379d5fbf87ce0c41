# Hostile captures, signature side: negative replays that are really negative, no SHA-1 downgrade, Stripe's header
# parsing, and `send` / `verify` against the providers' own SDKs (tests/sdk, installed with `npm ci`).
hookscope_add_test(tst_hostile_signatures SOURCES tst_hostile_signatures.cpp LIBS Qt6::Network
    TIMEOUT 600 LABELS verify replay integration)
hookscope_add_test(tst_sdk_interop SOURCES tst_sdk_interop.cpp testhttpserver.h LIBS Qt6::Network
    TIMEOUT 900 LABELS verify integration sdk)
# A worker thread that used OpenSSL ends that use itself, before the process's exit-time cleanup can race with it.
hookscope_add_test(tst_crypto_threadexit SOURCES tst_crypto_threadexit.cpp LABELS unit)
