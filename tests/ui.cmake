# The inspector window: models, panes, safe HTML, live arrival. GUI tests run offscreen.
hookscope_add_test(tst_ui_eventlistmodel SOURCES tst_ui_eventlistmodel.cpp uistore.h GUI LABELS ui)
hookscope_add_test(tst_ui_viewlistmodel SOURCES tst_ui_viewlistmodel.cpp uistore.h GUI LABELS ui)
hookscope_add_test(tst_ui_searchquery SOURCES tst_ui_searchquery.cpp uistore.h GUI LABELS ui)
hookscope_add_test(tst_ui_filenames SOURCES tst_ui_filenames.cpp GUI LABELS ui)
hookscope_add_test(tst_ui_widgets SOURCES tst_ui_widgets.cpp GUI LABELS ui)
hookscope_add_test(tst_ui_mainwindow SOURCES tst_ui_mainwindow.cpp GUI LABELS ui TIMEOUT 300)
hookscope_add_test(tst_ui_safehtml SOURCES tst_ui_safehtml.cpp GUI LABELS ui TIMEOUT 300)
# The two heavy window tests (a flood of 1,000 events from 4 connections; a million rows) run alone (SERIAL).
hookscope_add_test(tst_ui_livearrival SOURCES tst_ui_livearrival.cpp uistore.h GUI LABELS ui TIMEOUT 300 SERIAL)
hookscope_add_test(tst_ui_bigstore SOURCES tst_ui_bigstore.cpp uistore.h GUI LABELS ui slow TIMEOUT 600 SERIAL)
hookscope_add_test(tst_ui_settings SOURCES tst_ui_settings.cpp GUI LABELS ui)
hookscope_add_test(tst_ui_actions SOURCES tst_ui_actions.cpp GUI LABELS ui TIMEOUT 300)
# Settings applied to the running listener in the real window: ports in use, Set secret…, live routes and ports.
hookscope_add_test(tst_ui_settings_live SOURCES tst_ui_settings_live.cpp GUI LABELS ui integration)
# Two events compared in the real window: JSON changes path by path and the request diff.
hookscope_add_test(tst_ui_eventcompare SOURCES tst_ui_eventcompare.cpp GUI LABELS ui integration)
# The list's View options: Follow newest and the column chooser.
hookscope_add_test(tst_ui_listoptions SOURCES tst_ui_listoptions.cpp GUI LABELS ui integration)
# The tools over the list's result: Answer and Scheme quick filters, the Body column, Duplicates to top, and bulk
# actions over a selection that reaches rows not loaded yet (every selected event, never only the loaded rows).
hookscope_add_test(tst_ui_listtools SOURCES tst_ui_listtools.cpp uistore.h GUI LABELS ui)
