"""Datasette on top of the archive: reading it as a person would, and searching it in Ukrainian.

- `serving`: a Datasette on an archive (`serve`, `archive_datasette`), with its configuration.
- `config`: what the pages are told about the archive they serve (through plugin metadata).
- `plugin`: SQL functions (`uk_fts_query`, `uk_snippet`), the `_q` filter, read-only connections.
- `browse`: the hooks of the browsing pages: routes, template filters, menu, links in cells.
- `pages`: the pages themselves (search, article, diff, timeline, image); `render`, `diff`,
  `timeline`: what they show, laid out. The SQL they run is the archive's (`archive.browsing`),
  their templates are in `templates/`, the style sheet in `static/`.
"""
