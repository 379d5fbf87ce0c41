# What the window says after an action, in words a person reads: counts with their noun, the status bar, the
# Signature tab's diagnosis, Release's warning, and the listener's own quarantines in the audit log.
hookscope_add_test(tst_ui_wording SOURCES tst_ui_wording.cpp GUI LABELS ui)
