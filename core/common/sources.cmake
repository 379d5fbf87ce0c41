set(HOOKSCOPE_SOURCES crypto.h crypto.cpp filename.h filename.cpp openssl.h openssl.cpp problem.h result.h)
