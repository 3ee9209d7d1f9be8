"""filmkg: turn film reviews into an RDF knowledge graph you can query, browse and export."""

from __future__ import annotations

__version__ = "0.1.0"

from .pipeline import build, build_memory  # noqa: E402
from .store import open_store  # noqa: E402

__all__ = ["__version__", "build", "build_memory", "open_store"]
