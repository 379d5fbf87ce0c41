# The command line never loads Qt Gui, Widgets or WebEngine (LD_DEBUG=libs, /proc/<pid>/maps of the real
# binary); `hookscope` without a subcommand still becomes the window, found where it is built or installed.
hookscope_add_test(tst_cli_nogui SOURCES tst_cli_nogui.cpp LIBS Qt6::Network LABELS integration TIMEOUT 300)
# One function starts the real window (WebEngine inside): the same ASan exception as the window's own tests.
set_tests_properties(tst_cli_nogui PROPERTIES
    ENVIRONMENT_MODIFICATION "ASAN_OPTIONS=string_append::new_delete_type_mismatch=0")
