# The inspector window: models, panes, safe HTML, live arrival. GUI tests run offscreen.
hookscope_add_test(tst_ui_eventlistmodel SOURCES tst_ui_eventlistmodel.cpp uistore.h GUI LABELS ui)
hookscope_add_test(tst_ui_bigstore SOURCES tst_ui_bigstore.cpp uistore.h GUI LABELS ui slow TIMEOUT 600)
