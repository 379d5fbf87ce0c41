# Hostile captures: cURL and HAR exports, Copy as cURL, HAR import and replay URLs of hostile requests.
# The HAR check runs `npm ci` in tests/har (har-validator) when its node_modules is missing.
hookscope_add_test(tst_hostile_export SOURCES tst_hostile_export.cpp GUI TIMEOUT 900 LABELS replay integration)
