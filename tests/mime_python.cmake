# Raw MIME against Python's email package (policy=default): mixed line endings, no header block, RFC 2231
# segments, attached messages as Python writes them.
hookscope_add_test(tst_mime_python SOURCES tst_mime_python.cpp LIBS Qt6::Network LABELS email)
