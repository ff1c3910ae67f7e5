"""Subcommands of the ogp-analysis console script, one module each."""
