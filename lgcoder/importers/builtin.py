"""The list of built-in importers, in sniffing priority order (specific formats first)."""

from lgcoder.importers import plaintext  # noqa: F401  (plain text last: it accepts almost anything)
