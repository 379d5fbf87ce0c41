# The window's details follow the list: an empty result says so, a search or Delete never leaves the details of
# an event that is not selected.
hookscope_add_test(tst_ui_emptyresult SOURCES tst_ui_emptyresult.cpp GUI LABELS ui)
