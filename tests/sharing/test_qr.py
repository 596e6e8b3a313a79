"""QR codes of the public address, as PNG and SVG."""

from __future__ import annotations

import io

import qrcode
from django.urls import reverse
from PIL import Image


def test_the_png_is_a_qr_code_of_the_public_address(anon_client, badge):
    response = anon_client.get(reverse("sharing:qr_png", args=[badge.public_id]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.width == image.height
    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    expected.add_data(f"http://testserver/b/{badge.public_id}/")
    expected.make(fit=True)
    output = io.BytesIO()
    expected.make_image().save(output)
    assert response.content == output.getvalue()


def test_the_svg_is_a_sandboxed_vector_qr_code(anon_client, badge):
    response = anon_client.get(reverse("sharing:qr_svg", args=[badge.public_id]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    svg = response.content.decode()
    assert svg.startswith("<svg") or svg.startswith("<?xml")
    assert "<path" in svg and "<script" not in svg
