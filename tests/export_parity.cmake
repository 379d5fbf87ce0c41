# One export use case for both front ends: `hookscope export` and the window's Export… write the same files and the
# same audit entries for the same request (a table of formats and destinations).
hookscope_add_test(tst_export_parity SOURCES tst_export_parity.cpp GUI LABELS replay integration TIMEOUT 300)
