# The request bodies written once, to segment files beside the store: the writer's appends, recovery of a batch
# that never committed, damage and loss reported by place.
hookscope_add_test(tst_store_bodysegments SOURCES tst_store_bodysegments.cpp LABELS unit store)
# The store's VFS: a commit's WAL frames in one write, read whole by every other connection.
hookscope_add_test(tst_store_walvfs SOURCES tst_store_walvfs.cpp LABELS unit store)
