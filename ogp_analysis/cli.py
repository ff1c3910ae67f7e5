"""The `ogp-analysis` console script: one door to every stage (fetch, parse, build, figures, check, report, diff)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys

from ogp_analysis.errors import OGPAnalysisError

# Each subcommand lives in its own module under ogp_analysis.commands, exposing
# `register(subparsers)`; heavy imports happen inside the command's run function so that
# `ogp-analysis --help` stays fast.
COMMANDS = ("fetch", "parse", "build", "figures", "check", "export", "report", "process", "diff")


def build_parser() -> argparse.ArgumentParser:
    """The `ogp-analysis` parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="ogp-analysis",
        description="Scrape, normalise, analyse and report on OGP action plans (IRM-style).",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv: debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"ogp_analysis.commands.{name}").register(sub)
    return parser


def closed_pipe() -> int:
    """Stdout's reader went away (`ogp-analysis figures ... | head -1`): stop quietly, exit 141.

    141 is what a shell reports for a command ended by SIGPIPE (Python ignores the signal and
    raises BrokenPipeError instead). Stdout is pointed at /dev/null so that the interpreter's
    own flush at exit has nowhere to fail.
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 141


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; a user error is one line on stderr and exit 2, never a traceback.

    Args:
        argv: the command line without the program name (default `sys.argv[1:]`).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader gone away is seen here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        return closed_pipe()
    except OGPAnalysisError as exc:
        print(f"ogp-analysis {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # A file or folder the user named that the system refuses (permission, a file where a
        # folder should be, a full disk): one line naming it, never a traceback.
        where = f" {exc.filename}" if exc.filename else ""
        print(f"ogp-analysis {args.command}: error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
