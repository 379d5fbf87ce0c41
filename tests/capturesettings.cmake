# The capture settings, resolved once for `serve` and the window: precedence and refusals of the use case, and the
# real window (offscreen) beside serve: the same refusals, the same verdicts, the same failing secret store.
hookscope_add_test(tst_capturesettings SOURCES tst_capturesettings.cpp LABELS integration TIMEOUT 300)
