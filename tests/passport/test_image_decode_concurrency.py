"""At most a few images are decoded at once in a process; the rest wait, then are refused.

Six 6000×6000 uploads decoded together took gigabytes: each holds its full pixels
while it decodes, so the number decoded at once bounds the memory they take.
"""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from passport.web.images import UnusableImage, display_copy, open_image, open_uploaded_picture


def _png(size=(300, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def watched_decodes(monkeypatch):
    """Counts the decodes under way; each takes a while, or until ``release`` is set."""
    state = {"now": 0, "most": 0, "lock": threading.Lock(), "release": threading.Event()}
    real_load = ImageFile.ImageFile.load

    def slow_load(image):
        with state["lock"]:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        try:
            state["release"].wait(0.2)
            return real_load(image)
        finally:
            with state["lock"]:
                state["now"] -= 1

    monkeypatch.setattr(ImageFile.ImageFile, "load", slow_load)
    return state


def _in_threads(count: int, work) -> list[object]:
    results: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            results[index] = work()
        except Exception as error:  # the test reads what each thread got
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_no_more_decodes_run_at_once_than_the_setting_allows(settings, watched_decodes, limit):
    settings.IMAGE_DECODE_CONCURRENCY = limit
    settings.IMAGE_DECODE_WAIT = 10
    data = _png()

    results = _in_threads(6, lambda: open_image(data).size)

    assert results == [(300, 300)] * 6
    assert watched_decodes["most"] == limit


def test_re_encoding_for_display_counts_as_a_decode(settings, watched_decodes):
    settings.IMAGE_DECODE_CONCURRENCY = 2
    settings.IMAGE_DECODE_WAIT = 10
    data = _png((2000, 2000))

    results = _in_threads(6, lambda: len(display_copy(data)))

    assert all(isinstance(result, int) for result in results)
    assert watched_decodes["most"] == 2


def test_a_decode_that_waits_too_long_is_refused_as_busy(settings, watched_decodes):
    settings.IMAGE_DECODE_CONCURRENCY = 1
    settings.IMAGE_DECODE_WAIT = 0.05
    watched_decodes["release"].clear()
    holder = threading.Thread(target=open_image, args=(_png(),))
    holder.start()
    while not watched_decodes["now"]:
        time.sleep(0.005)

    with pytest.raises(UnusableImage) as refused:
        open_image(_png())
    holder.join()

    assert refused.value.code == "busy"
    assert open_image(_png()).size == (300, 300)  # the slot is free again


def test_reading_only_the_header_never_waits(settings, watched_decodes):
    settings.IMAGE_DECODE_CONCURRENCY = 1
    settings.IMAGE_DECODE_WAIT = 0.05
    holder = threading.Thread(target=open_image, args=(_png(),))
    holder.start()
    while not watched_decodes["now"]:
        time.sleep(0.005)

    assert open_image(_png(), decode=False).size == (300, 300)
    holder.join()


def test_an_uploaded_picture_refused_as_busy_says_to_try_again(settings, monkeypatch):
    settings.IMAGE_DECODE_CONCURRENCY = 1
    settings.IMAGE_DECODE_WAIT = 0.01

    def busy(*args, **kwargs):
        raise UnusableImage("busy")

    monkeypatch.setattr("passport.web.images.open_image", busy)

    with pytest.raises(ValidationError) as refused:
        open_uploaded_picture(_png())

    assert refused.value.code == "busy"
    assert "try again" in refused.value.messages[0].lower()
