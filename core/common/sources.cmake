set(HOOKSCOPE_SOURCES crypto.h crypto.cpp result.h)
