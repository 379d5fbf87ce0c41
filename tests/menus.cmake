# The window's menus, the shortcuts sheet and the theme.
hookscope_add_test(tst_ui_menus SOURCES tst_ui_menus.cpp GUI LABELS ui)
