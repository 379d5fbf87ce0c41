# Email understanding: MIME reading, provider payload adapters, JSON-vs-MIME diff, `hookscope parse`.
hookscope_add_test(tst_mimeparser SOURCES tst_mimeparser.cpp LABELS email)
hookscope_add_test(tst_adapters SOURCES tst_adapters.cpp LIBS Qt6::Network LABELS email integration)
hookscope_add_test(tst_payloaddiff SOURCES tst_payloaddiff.cpp LABELS email)
hookscope_add_test(tst_cli_parse SOURCES tst_cli_parse.cpp LABELS email integration)
hookscope_add_test(tst_emailindex SOURCES tst_emailindex.cpp LIBS Qt6::Network Qt6::Sql LABELS email integration)
