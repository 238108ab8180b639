-- Message bytes are compressed with lz4 instead of pglz when PostgreSQL moves them out of line
-- (TOAST, values over about 2 KB: most mail). Measured on 3,000 fetched corpus messages
-- (73 MB): pglz cost PostgreSQL about 0.25 ms of CPU per message on insert, lz4 about 0.03 ms;
-- on a two-core machine that polls, parses and stores at once, pglz was a good part of the
-- fetch time. Prisma's schema cannot express a column's compression, so this lives only here.
-- Only the column's setting changes (no table rewrite); rows already stored keep pglz, which
-- PostgreSQL still reads. A server built without lz4 keeps pglz.
DO $$
BEGIN
  ALTER TABLE "ReceivedMessage" ALTER COLUMN "raw" SET COMPRESSION lz4;
EXCEPTION
  WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available: "ReceivedMessage"."raw" keeps pglz';
END
$$;
