# An email's own Date and its inline images, in the window's Email tab and in the .eml export (Python's email
# reads the export as the MIME reference).
hookscope_add_test(tst_eml_export SOURCES tst_eml_export.cpp LABELS export)
hookscope_add_test(tst_ui_emaildate SOURCES tst_ui_emaildate.cpp GUI LABELS ui)
