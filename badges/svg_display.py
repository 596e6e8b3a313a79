"""The display copy of an SVG badge image: only drawing, nothing that can act.

An issuer's SVG may carry scripts, event handlers, links, embedded HTML or animations
that rewrite links. Browsers run none of that in an ``<img>``, and Passport serves SVG
with a sandbox CSP, but the copy shown is also cleaned, so it stays harmless wherever
it is opened or copied. The allowlist keeps shapes, text, gradients, clipping and
internal references; everything else is dropped. The original file is kept as received
for download.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
MAX_DEPTH = 64
MAX_ELEMENTS = 20_000

ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "pattern",
        "filter",
        "feGaussianBlur",
        "feOffset",
        "feBlend",
        "feColorMatrix",
        "feFlood",
        "feComposite",
        "feMerge",
        "feMergeNode",
        "marker",
        "image",
    ]
)
ATTRIBUTES = frozenset(
    [
        "id",
        "class",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "transform",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "letter-spacing",
        "dx",
        "dy",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "fx",
        "fy",
        "clip-path",
        "clip-rule",
        "clipPathUnits",
        "mask",
        "maskUnits",
        "patternUnits",
        "patternTransform",
        "preserveAspectRatio",
        "version",
        "stdDeviation",
        "in",
        "in2",
        "result",
        "mode",
        "values",
        "type",
        "operator",
        "k1",
        "k2",
        "k3",
        "k4",
        "flood-color",
        "flood-opacity",
        "markerWidth",
        "markerHeight",
        "refX",
        "refY",
        "orient",
        "xml:space",
        "visibility",
        "display",
    ]
)
_URL_REF = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)


def clean_svg(data: bytes) -> bytes | None:
    """The drawing of ``data`` with nothing that can act, or None when it is no SVG."""
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except Exception:  # any parse error or defusedxml refusal means "not usable"
        return None
    if _local(root.tag) != "svg" or not _small_enough(root):
        return None
    _clean(root)
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _small_enough(root: ET.Element) -> bool:
    """Not nested past ``MAX_DEPTH`` nor past ``MAX_ELEMENTS``, checked without recursion."""
    stack, count = [(root, 1)], 0
    while stack:
        element, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_ELEMENTS:
            return False
        stack.extend((child, depth + 1) for child in element)
    return True


def _clean(root: ET.Element) -> None:
    stack = [root]
    while stack:
        element = stack.pop()
        for child in list(element):
            if _local(child.tag) in ELEMENTS and _namespace(child.tag) in ("", SVG):
                stack.append(child)
            else:
                element.remove(child)
        _clean_attributes(element)


def _clean_attributes(element: ET.Element) -> None:
    for name in list(element.attrib):
        value = element.attrib[name]
        local = _local(name)
        if local == "href" and _namespace(name) in ("", XLINK):
            if not _safe_href(element, value):
                del element.attrib[name]
        elif (
            (
                _namespace(name) not in ("", SVG)
                and name != "{http://www.w3.org/XML/1998/namespace}space"
            )
            or local not in ATTRIBUTES
            or _URL_REF.search(value)
            or "javascript:" in value.lower()
        ):
            del element.attrib[name]


def _safe_href(element: ET.Element, value: str) -> bool:
    """Internal references (#id) anywhere; an embedded raster picture in ``<image>``."""
    value = value.strip()
    if value.startswith("#"):
        return True
    return _local(element.tag) == "image" and value.lower().startswith(
        ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""
