# Reachability checks (GET/HEAD without a body or signature): answered 200, kept apart from failed signatures.
hookscope_add_test(tst_health_check SOURCES tst_health_check.cpp GUI LABELS integration)
