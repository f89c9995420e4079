"""The list of built-in importers, in sniffing priority order (specific formats first)."""

from lgcoder.importers import (  # noqa: F401  (each module registers itself on import)
    docx,
    html,
    markdown,
    odt,
    pdf,
    plaintext,  # plain text last: it accepts almost anything
    rtf,
    subtitles,
)
