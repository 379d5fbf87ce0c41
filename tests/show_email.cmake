# `show ID --json` carries the email read from the payload; `show ID --attachment N --out FILE|-` its bytes.
hookscope_add_test(tst_cli_show_email SOURCES tst_cli_show_email.cpp LIBS Qt6::Network Qt6::Sql LABELS email integration)
