# Replay, forward, send, quarantine, audit, export and import.
hookscope_add_test(tst_replay_requestbuilder SOURCES tst_replay_requestbuilder.cpp LABELS replay unit)
hookscope_add_test(tst_replay_responsereader SOURCES tst_replay_responsereader.cpp LABELS replay unit)
hookscope_add_test(tst_replay_retrypolicy SOURCES tst_replay_retrypolicy.cpp LABELS replay unit)
hookscope_add_test(tst_replay_forwardrules SOURCES tst_replay_forwardrules.cpp LABELS replay unit)
hookscope_add_test(tst_replay_replayer SOURCES tst_replay_replayer.cpp testhttpserver.h LABELS replay unit)
hookscope_add_test(tst_replay_integration SOURCES tst_replay_integration.cpp testhttpserver.h
    TIMEOUT 300 LABELS replay integration)
hookscope_add_test(tst_export SOURCES tst_export.cpp TIMEOUT 200 LABELS replay integration)
hookscope_add_test(tst_quarantine SOURCES tst_quarantine.cpp TIMEOUT 200 LABELS replay integration)
