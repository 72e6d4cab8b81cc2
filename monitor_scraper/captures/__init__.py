"""Raw captures: every HTTP exchange of a crawl kept in WARC files, and read back.

- `warc`: writing (`WarcCaptureMiddleware`, `WarcFileSet`).
- `read`: reading records back: every response of a file, or the one at an offset.
- `answers`: one answer of the site to the items a crawl stores for it, for the spider's
  callbacks and `reparse` alike.
- `reparse`: re-extracting captures into an archive.
"""
