# Hostile captures on a terminal: nothing the sender wrote acts on it (list, show, audit, serve's JSON log).
hookscope_add_test(tst_hostile_terminal SOURCES tst_hostile_terminal.cpp LABELS integration)
