# Hardening: listener framing and limits, crash consistency, safety of what is written to disk.
hookscope_add_test(tst_http_framer SOURCES tst_http_framer.cpp LABELS hardening TIMEOUT 120)
hookscope_add_test(tst_limits SOURCES tst_limits.cpp LIBS Qt6::Network Qt6::Sql LABELS hardening integration
    TIMEOUT 300)
hookscope_add_test(tst_crash SOURCES tst_crash.cpp LIBS Qt6::Network Qt6::Sql LABELS hardening integration
    TIMEOUT 600 SERIAL)
hookscope_add_test(tst_http_safety SOURCES tst_http_safety.cpp LIBS Qt6::Network LABELS hardening integration
    TIMEOUT 300)
