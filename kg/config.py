"""Settings read once: defaults, then the environment (KG_*), then explicit overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
DEFAULT_BASE_IRI = f"http://localhost:{DEFAULT_PORT}/"


@dataclass(frozen=True)
class Settings:
    """Everything a build or a server needs to know."""

    store_dir: Path = Path("data/store")
    base_iri: str = DEFAULT_BASE_IRI
    query_timeout: float = 30.0  # seconds a SPARQL query may run
    max_rows: int = 10_000  # result rows the endpoint returns at most
    update_token: str | None = None  # SPARQL Update is refused unless this is set
    page_size: int = 50  # rows per page on long HTML lists

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Build settings from the defaults, then KG_* environment variables, then `overrides`."""
        settings = cls()
        env: dict[str, Any] = {}
        for spec in fields(cls):
            raw = os.environ.get(f"KG_{spec.name.upper()}")
            if raw is not None and raw != "":
                env[spec.name] = _coerce(spec.name, raw)
        settings = replace(settings, **env)
        given = {k: _coerce(k, v) for k, v in overrides.items() if v is not None}
        return replace(settings, **given)


def _coerce(name: str, value: Any) -> Any:
    if name == "store_dir":
        return Path(value)
    if name == "base_iri":
        text = str(value)
        return text if text.endswith(("/", "#")) else text + "/"
    if name == "query_timeout":
        return float(value)
    if name in {"max_rows", "page_size"}:
        return int(value)
    return value
