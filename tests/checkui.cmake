# File ▸ Check an endpoint… (offscreen): the check suite run from the window on a worker thread against the guide's
# receiver and a broken variant (tests/tools/guide_receiver.py, Python 3), cancelled, stored and compared.
hookscope_add_test(tst_ui_check SOURCES tst_ui_check.cpp uistore.h GUI LABELS ui TIMEOUT 900)
