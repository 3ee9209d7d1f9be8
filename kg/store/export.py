"""Dump the whole store in any RDF format, streaming: nothing is held whole in memory."""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from ..formats import RdfFormatInfo
from ..vocab import PREFIXES


def dump(store: ox.Store, fmt: RdfFormatInfo, output: IO[bytes]) -> None:
    """Write the store to `output`: datasets keep their named graphs, triple formats get the merge."""
    if fmt.datasets:
        store.dump(output, fmt.oxigraph, prefixes=PREFIXES if fmt.name == "trig" else None)
    else:
        prefixes = PREFIXES if fmt.name in {"turtle", "rdfxml", "jsonld"} else None
        store.dump(output, fmt.oxigraph, from_graph=ox.DefaultGraph(), prefixes=prefixes)
