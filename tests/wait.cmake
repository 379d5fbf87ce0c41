# `hookscope wait` and `serve --log-format json` through the real binary, and the README's CI job example.
hookscope_add_test(tst_wait SOURCES tst_wait.cpp LIBS Qt6::Network Qt6::Sql LABELS integration TIMEOUT 300)
