# multipart/form-data as providers post it: message/rfc822 file parts, client paths as file names.
hookscope_add_test(tst_formdata SOURCES tst_formdata.cpp LABELS email)
