"""Self-promotion and off-site contact cues that recur across spam families and languages.

Word n-grams learn specific phrases; these pool many phrasings into a few
features, so an unseen family that says "follow my channel" or "DM me on
Telegram" still shares weight with the families the model was trained on.
"""

from __future__ import annotations

import re

PROMO_FEATURES = (
    "handle_mention", "platform_mention", "own_outlet", "call_to_me",
    "off_site_contact", "audience_numbers", "named_expert", "earnings_claim",
)  # fmt: skip

_PLATFORMS = (
    r"youtube|yt|tiktok|tik tok|instagram|insta|ig|discord|telegram|whatsapp|kik|snapchat"
    r"|twitch|spotify|patreon|onlyfans|substack|podcast|channel|t\.me|wa\.me|wechat|signal"
)
_OUTLETS = (
    r"channel|podcast|blog|vlog|videos?|youtube|tiktok|insta|instagram|page|profile|server"
    r"|discord|shop|store|site|website|newsletter|substack|music|album|beats?|app|course"
    r"|e?book|business|company|agency|platform|stream|edits?|content"
)
_HANDLE = re.compile(r"(?<![\w.])@[a-z0-9_.]{3,}")
_PATTERNS = {
    "platform_mention": re.compile(rf"\b(?:{_PLATFORMS})\b"),
    "own_outlet": re.compile(rf"\b(?:my|our)\s+(?:\w+\s+){{0,2}}(?:{_OUTLETS})\b"),
    "call_to_me": re.compile(
        r"\b(?:check|visit|follow|subscribe|sub|join|click|dm|message|text|contact|write"
        r"|reach|search|add|hit|come|watch)\b(?:\W+\w+){0,2}?\W+(?:me|my|us|our|him|her)\b"
    ),
    "off_site_contact": re.compile(
        r"\b(?:dm|pm|inbox|whatsapp|telegram|kik|wechat|text me|message me|write me|email me"
        r"|contact me|reach me|hit me up|his contact|her contact)\b"
    ),
    "audience_numbers": re.compile(
        r"\b(?:sub4sub|subs|subscribers|followers|views|likes|stars|members)\b"
    ),
    "earnings_claim": re.compile(
        r"\b(?:earn|earned|earning|made|make|making|profit|returns?)\b[^.!?]{0,40}"
        r"(?:[$€£]|\busd\b|%|\bper (?:day|week|month)\b|\ba (?:day|week|month)\b|\bweekly\b)"
    ),
}
# On the raw text: "Mr. Richard Boyd", the shape of crypto-recovery shills.
_NAMED_EXPERT = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+\s+[A-Z][a-z]+")


def promo_features(raw: str, text: str) -> dict[str, float]:
    """Binary cues; `text` is the normalised comment, `raw` the original."""
    found = {name: float(bool(pattern.search(text))) for name, pattern in _PATTERNS.items()}
    # Cheap literal tests first: most comments have no "@" and no "Mr"/"Dr".
    found["handle_mention"] = float("@" in text and bool(_HANDLE.search(text)))
    named = ("M" in raw or "Dr" in raw) and bool(_NAMED_EXPERT.search(raw))
    found["named_expert"] = float(named)
    return found
