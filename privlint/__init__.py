"""privlint: a privacy-transparency linter for web templates and static-site builds."""

__version__ = "0.4.0"
