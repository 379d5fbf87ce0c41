# Raw MIME against Python's email package (policy=default): mixed line endings, no header block, RFC 2231
# segments, attached messages as Python writes them.
hookscope_add_test(tst_mime_python SOURCES tst_mime_python.cpp LIBS Qt6::Network LABELS email)

# `hookscope parse` against Python's email package over the .eml corpus and 400 generated hard messages
# (tests/tools/README.md): fails when `parse` refuses a message, or when fewer agree on every field than the
# figure the README states.
# Python is the reference: without it configuring fails, the comparison never silently disappears.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(HOOKSCOPE_SYNTHETIC_EMAILS ${CMAKE_CURRENT_BINARY_DIR}/synthetic-emails)
add_test(NAME pyemail_agreement_generate
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/make_synthetic_emails.py
        ${HOOKSCOPE_SYNTHETIC_EMAILS} 400 2026)
add_test(NAME pyemail_agreement_compare
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/compare_with_python.py
        --hookscope $<TARGET_FILE:hookscope> --min-agree 314
        ${CMAKE_CURRENT_SOURCE_DIR}/data/email ${HOOKSCOPE_SYNTHETIC_EMAILS})
set_tests_properties(pyemail_agreement_generate PROPERTIES FIXTURES_SETUP synthetic_emails LABELS email)
set_tests_properties(pyemail_agreement_compare PROPERTIES FIXTURES_REQUIRED synthetic_emails LABELS email
    TIMEOUT 900)
