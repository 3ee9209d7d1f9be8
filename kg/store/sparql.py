"""Run SPARQL against a store with the union of all graphs as the default graph."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import PREFIXES


def run_query(store: ox.Store, query: str, **options: Any) -> Any:
    """Run `query` with our common prefixes predeclared; a query's own PREFIX lines win.

    The default graph is the merge of all documents' graphs (see store/), so no union mode is needed.

    Raises QueryError with the parser's message (and position) for a malformed query.
    """
    try:
        return store.query(query, prefixes=PREFIXES, **options)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"the store could not answer: {exc}") from None
