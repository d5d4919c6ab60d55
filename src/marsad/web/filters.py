"""Web filters: query-string values in, a validated Filters object out (shared with the CLI: marsad.filters)."""

from __future__ import annotations

from marsad.filters import FilterError, Filters, date_bounds, parse_filters, parse_limit

__all__ = ["FilterError", "Filters", "date_bounds", "parse_filters", "parse_limit"]
