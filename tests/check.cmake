# `hookscope check` (the receiver conformance suite) through the real binary, against the guide's receiver and
# its broken variants (tests/tools/guide_receiver.py, Python 3).
hookscope_add_test(tst_check SOURCES tst_check.cpp LIBS Qt6::Network Qt6::Sql LABELS integration TIMEOUT 900)
