# Signature schemes, their diagnosis, configuration and secrets, and `hookscope verify`.
hookscope_add_test(tst_schemes SOURCES tst_schemes.cpp signaturevectors.h LABELS verify)
hookscope_add_test(tst_diagnosis SOURCES tst_diagnosis.cpp LABELS verify)
hookscope_add_test(tst_cli_verify SOURCES tst_cli_verify.cpp signaturevectors.h LIBS Qt6::Network LABELS verify integration)
hookscope_add_test(tst_config SOURCES tst_config.cpp LIBS Qt6::Network LABELS verify integration)
