set(HOOKSCOPE_SOURCES crypto.h crypto.cpp filename.h filename.cpp result.h)
