-- Request bodies written once, appended to segment files beside the store (STORE.bodies/NNNNNNNN.seg) instead of
-- into SQLite's pages (written to the WAL, then copied back at the checkpoint). A delivery with body_segment set
-- has body NULL; its bytes are body_size bytes at body_offset of that segment, with body_checksum their CRC-32.
-- Rows written before keep their body inline; hookscope_body(…) reads either (core/store/bodysegments.h).
ALTER TABLE deliveries ADD COLUMN body_segment INTEGER;
ALTER TABLE deliveries ADD COLUMN body_offset INTEGER;
ALTER TABLE deliveries ADD COLUMN body_checksum INTEGER;
