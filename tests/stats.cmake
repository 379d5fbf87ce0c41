# The Stats view: its figures counted in SQL on the store's indexes (exact counts, query plans), and the view's
# charts over a seeded store, read off the GUI thread, refreshed after arrivals.
hookscope_add_test(tst_stats SOURCES tst_stats.cpp LABELS store unit)
hookscope_add_test(tst_ui_stats SOURCES tst_ui_stats.cpp uistore.h GUI LABELS ui)
