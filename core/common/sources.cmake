set(HOOKSCOPE_SOURCES crypto.h crypto.cpp filename.h filename.cpp problem.h result.h)
