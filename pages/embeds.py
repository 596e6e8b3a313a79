"""YouTube and Vimeo links turned into privacy-enhanced players. Plain Python, no Django.

Only the video's id is kept, checked against the exact shape each site uses, and the
player address is rebuilt from it: nothing else from the pasted link reaches a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,12}")
VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
YOUTUBE_SHORT_HOSTS = {"youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
VIMEO_PLAYER_HOSTS = {"player.vimeo.com"}

YOUTUBE = "youtube"
VIMEO = "vimeo"


@dataclass(frozen=True)
class Video:
    provider: str
    id: str
    hash: str = ""  # a Vimeo unlisted video's key

    @property
    def player_url(self) -> str:
        return player_url(self.provider, self.id, self.hash)


def player_url(provider: str, video_id: str, key: str = "") -> str:
    if provider == YOUTUBE and YOUTUBE_ID.fullmatch(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if provider == VIMEO and VIMEO_ID.fullmatch(video_id):
        if key and VIMEO_HASH.fullmatch(key):
            return f"https://player.vimeo.com/video/{video_id}?h={key}&dnt=1"
        return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return ""


def watch_url(provider: str, video_id: str, key: str = "") -> str:
    """The video's own page on its site, for print and for people without frames."""
    if provider == YOUTUBE and YOUTUBE_ID.fullmatch(video_id):
        return f"https://www.youtube.com/watch?v={video_id}"
    if provider == VIMEO and VIMEO_ID.fullmatch(video_id):
        if key and VIMEO_HASH.fullmatch(key):
            return f"https://vimeo.com/{video_id}/{key}"
        return f"https://vimeo.com/{video_id}"
    return ""


def parse_video_url(url: str) -> Video | None:
    """The YouTube or Vimeo video ``url`` points to, or None for anything else."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return None
    try:
        if parts.port not in (None, 80, 443):
            return None
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if host in YOUTUBE_HOSTS | YOUTUBE_NOCOOKIE_HOSTS | YOUTUBE_SHORT_HOSTS:
        return _youtube(host, segments, parts.query)
    if host in VIMEO_HOSTS | VIMEO_PLAYER_HOSTS:
        return _vimeo(host, segments, parts.query)
    return None


def _youtube(host: str, segments: list[str], query: str) -> Video | None:
    candidate = None
    if host in YOUTUBE_SHORT_HOSTS:
        candidate = segments[0] if len(segments) == 1 else None
    elif segments == ["watch"]:
        values = parse_qs(query).get("v", [])
        candidate = values[0] if len(values) == 1 else None
    elif len(segments) == 2 and segments[0] in ("shorts", "embed", "live", "v"):
        candidate = segments[1]
    if host in YOUTUBE_NOCOOKIE_HOSTS and (len(segments) != 2 or segments[0] != "embed"):
        candidate = None
    if candidate and YOUTUBE_ID.fullmatch(candidate):
        return Video(YOUTUBE, candidate)
    return None


def _vimeo(host: str, segments: list[str], query: str) -> Video | None:
    if host in VIMEO_PLAYER_HOSTS:
        if len(segments) != 2 or segments[0] != "video":
            return None
        video_id = segments[1]
        key = (parse_qs(query).get("h") or [""])[0]
    elif len(segments) in (1, 2):
        video_id = segments[0]
        key = segments[1] if len(segments) == 2 else ""
    else:
        return None
    if not VIMEO_ID.fullmatch(video_id) or (key and not VIMEO_HASH.fullmatch(key)):
        return None
    return Video(VIMEO, video_id, key)
