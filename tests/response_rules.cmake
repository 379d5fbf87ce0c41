# Routes that fail on purpose (response rules): the real `serve` and `send` on loopback, the configuration's
# refusals, and the window's Deliveries pane and switch (offscreen).
hookscope_add_test(tst_response_rules SOURCES tst_response_rules.cpp LIBS Qt6::Network LABELS integration TIMEOUT 300)
hookscope_add_test(tst_ui_response_rules SOURCES tst_ui_response_rules.cpp uicapture.h GUI LABELS ui TIMEOUT 300)
