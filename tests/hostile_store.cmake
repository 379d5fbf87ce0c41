# Hostile captures, what the store keeps and what leaves it: credentials, exports, damaged stores, file names,
# bodiless keys, Host.
hookscope_add_test(tst_hostile_store SOURCES tst_hostile_store.cpp LIBS Qt6::Network Qt6::Sql
    LABELS hardening integration TIMEOUT 300)
