# Saved searches in the sidebar with live counts and colouring rules for the list's rows, each through the real
# window over a seeded store (offscreen).
hookscope_add_test(tst_ui_savedsearches SOURCES tst_ui_savedsearches.cpp uistore.h GUI LABELS ui)
hookscope_add_test(tst_ui_colouring SOURCES tst_ui_colouring.cpp uistore.h GUI LABELS ui)
# Desktop notifications: a burst of failing signatures or quarantines while the window is in the background is one
# message; nothing for verified events or while the window is active; clicking selects the event.
hookscope_add_test(tst_ui_notifier SOURCES tst_ui_notifier.cpp uistore.h GUI LABELS ui)
