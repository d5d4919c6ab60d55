"""Web stage: a marsad database in, a read-only REST API and map/timeline/incident pages out.

``create_app(db_path, token=None)`` builds the FastAPI app; ``marsad serve`` runs it with
uvicorn on 127.0.0.1. Modules: app (factory, security headers, errors), api (JSON
endpoints), pages (HTML pages and their JSON twins), queries (shared queries), filters,
highlight (evidence spans → marked segments), data/storesource (record sources).
"""

from __future__ import annotations

from marsad.web.app import build_app, create_app

__all__ = ["build_app", "create_app"]
