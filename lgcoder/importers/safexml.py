"""Parse XML from untrusted files without ever fetching or expanding entities.

Office files are ZIPs of XML, and XML can declare entities that point at local files (XXE) or
expand exponentially (billion laughs). defusedxml refuses both. A document that merely *declares*
entities is still imported: the DOCTYPE is cut out and references to the declared entities are
dropped, so the reader gets the rest of the text and a warning instead of a refusal.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.safe_archive import check_depth

_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.DOTALL)
_ENTITY_NAME = re.compile(rb"<!ENTITY\s+%?\s*([\w.:-]+)")
_PREDEFINED = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def local(tag: object) -> str:
    """The local name of an element tag, whatever namespace (transitional or strict) it uses."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def attr(el: ET.Element, name: str) -> str | None:
    """An attribute by local name, ignoring its namespace prefix."""
    for key, value in el.attrib.items():
        if local(key) == name:
            return value
    return None


def parse_xml(data: bytes, filename: str, warnings: list[str] | None = None) -> ET.Element:
    """Parse *data* safely; raise ImportFailedError naming *filename* when it is not XML."""
    try:
        root: ET.Element = fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        check_depth(root, filename)  # walkers recurse: refuse absurd nesting in one line
        return root
    except DefusedXmlException:
        pass
    except ET.ParseError as exc:
        raise ImportFailedError(
            f"{filename}: the file's XML is damaged ({exc}); open and re-save it in its "
            "original program"
        ) from exc
    match = _DOCTYPE.search(data)
    names = set(_ENTITY_NAME.findall(match.group(0))) if match else set()
    cleaned = _DOCTYPE.sub(b"", data, count=1)
    for name in names - _PREDEFINED:
        cleaned = cleaned.replace(b"&" + name + b";", b"")
    if warnings is not None:
        warnings.append("the file declares XML entities; they were ignored, not resolved")
    try:
        root = fromstring(cleaned, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        check_depth(root, filename)
        return root
    except (DefusedXmlException, ET.ParseError) as exc:
        raise ImportFailedError(
            f"{filename}: the file contains unsafe or damaged XML and was refused ({exc})"
        ) from exc
