"""Datasette on top of the archive: the Ukrainian-search plugin (metadata: archive_metadata)."""
