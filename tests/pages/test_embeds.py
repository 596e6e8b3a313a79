"""Video links: only strict YouTube and Vimeo ids become privacy-enhanced players."""

from __future__ import annotations

import pytest

from pages.embeds import parse_video_url, player_url, watch_url

YT = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT}",
        f"https://youtube.com/watch?v={YT}&t=42s",
        f"http://m.youtube.com/watch?feature=share&v={YT}",
        f"https://youtu.be/{YT}",
        f"https://youtu.be/{YT}?si=abc",
        f"https://www.youtube.com/shorts/{YT}",
        f"https://www.youtube.com/embed/{YT}",
        f"https://www.youtube-nocookie.com/embed/{YT}",
        f"  https://www.youtube.com/live/{YT}  ",
    ],
)
def test_youtube_links(url):
    video = parse_video_url(url)
    assert (video.provider, video.id) == ("youtube", YT)
    assert video.player_url == f"https://www.youtube-nocookie.com/embed/{YT}"


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://www.vimeo.com/76979871/", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://vimeo.com/76979871/abcdef1234",
            "https://player.vimeo.com/video/76979871?h=abcdef1234&dnt=1",
        ),
    ],
)
def test_vimeo_links(url, player):
    assert parse_video_url(url).player_url == player


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        f"ftp://www.youtube.com/watch?v={YT}",
        f"https://www.youtube.com.evil.example/watch?v={YT}",
        f"https://evil.example/?u=https://youtu.be/{YT}",
        f"https://user:pw@www.youtube.com/watch?v={YT}",
        f"https://www.youtube.com:8443/watch?v={YT}",
        "https://www.youtube.com/watch?v=short",
        f"https://www.youtube.com/watch?v={YT}x",
        'https://www.youtube.com/watch?v=dQw4w9WgX"Q',
        "https://www.youtube.com/watch?v=dQw4w9WgXc%22",
        f"https://www.youtube.com/watch?v={YT}&v=aaaaaaaaaaa",
        f"https://youtu.be/{YT}/extra",
        f"https://www.youtube.com/playlist?list={YT}",
        f"https://www.youtube-nocookie.com/watch?v={YT}",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/12345678901234",
        "https://vimeo.com/123/NOT-HEX",
        "https://player.vimeo.com/video/abc",
        "https://vimeo.com/123/abcdef/extra",
    ],
)
def test_everything_else_is_refused(url):
    assert parse_video_url(url) is None


def test_players_are_rebuilt_only_from_valid_ids():
    assert player_url("youtube", '"><script>') == ""
    assert player_url("vimeo", "12ab") == ""
    assert player_url("dailymotion", YT) == ""
    assert player_url("vimeo", "42", "zz-not-hex") == "https://player.vimeo.com/video/42?dnt=1"


def test_watch_urls_for_print():
    assert watch_url("youtube", YT) == f"https://www.youtube.com/watch?v={YT}"
    assert watch_url("vimeo", "42") == "https://vimeo.com/42"
