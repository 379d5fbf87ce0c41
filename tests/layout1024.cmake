# The window on a 1024×700 screen: the Subject column on screen, a sidebar that folds away, the Replay dialog
# within the screen, image previews at their own size once laid out.
hookscope_add_test(tst_ui_layout1024 SOURCES tst_ui_layout1024.cpp uicapture.h GUI LABELS ui)
