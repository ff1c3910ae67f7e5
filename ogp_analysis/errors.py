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


def check_number(value, flag: str, *, minimum: float, above: bool = False,
                 maximum: float | None = None, unit: str = ""):
    """A number given on the command line, or a one-line error naming the flag (None passes).

    Refuses NaN and infinities (`float('nan')` passes every comparison unchecked), a value
    below `minimum` (or equal to it when `above`) and one above `maximum`.

    Raises:
        OGPAnalysisError: naming `flag`, the value and the range.
    """
    import math

    if value is None:
        return None
    low = f"> {minimum:g}" if above else f">= {minimum:g}"
    span = low + (f" and <= {maximum:g}" if maximum is not None else "")
    if (not math.isfinite(value) or value < minimum or (above and value == minimum)
            or (maximum is not None and value > maximum)):
        raise OGPAnalysisError(f"{flag} {value!r} is not a number {span}{unit}: give one in that range")
    return value
