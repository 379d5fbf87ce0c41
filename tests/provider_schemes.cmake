# The email providers' signature schemes: mandrill, sns, postal, mailersend, sparkpost, mailjet.
hookscope_add_test(tst_provider_schemes SOURCES tst_provider_schemes.cpp providervectors.h signaturevectors.h
    LIBS Qt6::Network LABELS verify integration)
hookscope_add_test(tst_provider_serve SOURCES tst_provider_serve.cpp LIBS Qt6::Network LABELS verify integration)
