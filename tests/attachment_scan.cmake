# Attachment safety: type detection and the risky-content rules on fixtures made in code; a real clamd started by the
# test (its own socket and signature database) behind the real `hookscope serve`, and `rescan`.
hookscope_add_test(tst_attachment_inspect SOURCES tst_attachment_inspect.cpp scanfixtures.h
    LIBS PkgConfig::LIBARCHIVE LABELS unit scan)
hookscope_add_test(tst_clamd_scan SOURCES tst_clamd_scan.cpp scanfixtures.h
    LIBS PkgConfig::LIBARCHIVE Qt6::Network Qt6::Sql LABELS integration scan TIMEOUT 300)
hookscope_add_test(tst_scan_store SOURCES tst_scan_store.cpp uistore.h GUI LIBS Qt6::Sql LABELS unit scan)
hookscope_add_test(tst_ui_scanbadge SOURCES tst_ui_scanbadge.cpp GUI LABELS ui scan)
