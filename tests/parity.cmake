# One core for the command line and the window: each event action both ways on twin stores, and the secret
# policy the window's release shares with the command line.
hookscope_add_test(tst_parity SOURCES tst_parity.cpp testhttpserver.h GUI LABELS ui integration TIMEOUT 300)
hookscope_add_test(tst_ui_releasesecret SOURCES tst_ui_releasesecret.cpp GUI LABELS ui integration TIMEOUT 300)
hookscope_add_test(tst_secretpolicy SOURCES tst_secretpolicy.cpp LABELS unit)
