# One sample event for both front ends.
hookscope_add_test(tst_sample_parity SOURCES tst_sample_parity.cpp testhttpserver.h testsupport.h uistore.h GUI LABELS ui)
