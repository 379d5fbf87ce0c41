# Inbound-email providers' payloads (tests/data/payloads/providers/), read through the real `serve`.
hookscope_add_test(tst_providers SOURCES tst_providers.cpp LIBS Qt6::Network Qt6::Sql LABELS email integration TIMEOUT 300)
hookscope_add_test(tst_ui_snsconfirm SOURCES tst_ui_snsconfirm.cpp GUI LABELS ui email)
