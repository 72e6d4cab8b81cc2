"""Operations on an archive and the site, behind the command line.

- `status`: what the archive holds and its last runs; `verify`: its integrity and captures;
  `doctor`: why extraction reads a page as it does; `export`: articles as CSV or JSON lines;
  `demo`: a whole offline run against the stand-in.
"""
