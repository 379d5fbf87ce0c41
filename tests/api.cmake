# The local API (`serve --api`): token, JSON resources, audited actions, the event stream, metrics, OpenAPI.
hookscope_add_test(tst_api SOURCES tst_api.cpp LIBS Qt6::Network LABELS integration TIMEOUT 300)
