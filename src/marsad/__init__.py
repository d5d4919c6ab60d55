"""marsad (مرصد): Arabic-first news to a GTD-coded, geocoded, source-linked event database.

Stages, data flowing one way: ingest → text → gazetteer → extract → fuse → store →
analysis → interfaces (cli, api/web). ``marsad.pipeline`` chains them.
"""

from __future__ import annotations

__version__ = "0.1.0"
