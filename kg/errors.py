"""Errors users see, each naming the file or IRI at fault; the CLI prints them without a traceback."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error filmkg reports to a user."""


class DocumentError(KgError):
    """A source document could not be read; the message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NoDocumentsError(KgError):
    """The sources given to a build hold no readable document."""


class StoreError(KgError):
    """The store directory is missing, locked or not a filmkg store."""


class QueryError(KgError):
    """A SPARQL query could not be parsed or run."""


class UnknownFormatError(KgError):
    """A format name, extension or media type filmkg does not serve."""


class QueryRefusedError(QueryError):
    """The endpoint will not run this request: an update without a token, SERVICE or LOAD (never fetched)."""


class QueryTimeoutError(QueryError):
    """A query ran past the time limit and was stopped; the message names the limit."""


class NotAcceptableError(QueryError):
    """No format the client accepts fits the query's result."""


class QueryRejectedError(QueryError):
    """A well-formed request whose query this endpoint cannot run (an unknown function, nesting too deep): 400."""


class AnswerKeyError(KgError):
    """An answer key (gold file) for `kg eval` is missing or not in the key's schema; the message names the file."""
