# The search: any part of an event's identifiers, `id:` by a part, and events whose signature failed found by their
# email, through the real window's search field and in the store's query.
hookscope_add_test(tst_ui_search SOURCES tst_ui_search.cpp GUI LABELS ui)
hookscope_add_test(tst_search SOURCES tst_search.cpp uistore.h LIBS Qt6::Sql LABELS unit)
