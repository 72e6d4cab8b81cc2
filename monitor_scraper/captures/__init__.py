"""Raw captures: every HTTP exchange of a crawl kept in WARC files, and read back.

- `warc`: writing (`WarcCaptureMiddleware`, `WarcFileSet`).
- `reparse`: reading records back and re-extracting them into an archive.
"""
