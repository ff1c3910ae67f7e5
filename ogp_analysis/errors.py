"""Exceptions with a message a user can act on; the CLI prints them without a traceback."""


class OGPAnalysisError(Exception):
    """Base class: a clear, specific problem with input, data or configuration."""


class SchemaError(OGPAnalysisError):
    """A table does not match the declared schema (names table, column and value)."""


class UnknownValueError(OGPAnalysisError):
    """A printed value that the scale's crosswalk does not know."""

    def __init__(self, scale: str, value: str, context: str = ""):
        self.scale, self.value, self.context = scale, value, context
        where = f" ({context})" if context else ""
        super().__init__(f"unknown value {value!r} for scale {scale!r}{where}")


class NotFoundError(OGPAnalysisError):
    """A member, cycle, figure or file that does not exist; the message lists the valid ones."""


class FetchError(OGPAnalysisError):
    """A page could not be fetched (named with its URL and reason)."""


class ParseError(OGPAnalysisError):
    """A page could not be parsed (named with its URL and what was expected)."""
