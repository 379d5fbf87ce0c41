# The capture core: verification of the seed scheme, idempotency keys, migrations, the writer, and the real
# `hookscope serve` over HTTP and HTTPS.
hookscope_add_test(tst_mailparsescheme SOURCES tst_mailparsescheme.cpp LABELS unit)
hookscope_add_test(tst_idempotency SOURCES tst_idempotency.cpp LABELS unit)
hookscope_add_test(tst_migrations SOURCES tst_migrations.cpp LABELS unit)
hookscope_add_test(tst_storewriter SOURCES tst_storewriter.cpp LABELS unit)
hookscope_add_test(tst_eventstore SOURCES tst_eventstore.cpp LABELS unit)
hookscope_add_test(tst_serve SOURCES tst_serve.cpp LABELS integration TIMEOUT 240)
