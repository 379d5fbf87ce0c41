# The window and the command line on one fresh HOME (the real binary, its window offscreen).
hookscope_add_test(tst_onehome SOURCES tst_onehome.cpp GUI LABELS integration)
