# The window's main workflows with the keyboard alone.
hookscope_add_test(tst_ui_keyboard SOURCES tst_ui_keyboard.cpp GUI LABELS ui)
