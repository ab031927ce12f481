"""The spammer's asks across languages, and trade words in business names."""
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from commentsvc.spam import CommentSample
from commentsvc.spam.features import extract_signals
from commentsvc.spam.pitch import PITCH_FEATURES, _phrase_words


def _asks(text: str) -> set[str]:
    """The pitch features that fire for a comment with this text."""
    meta = extract_signals(CommentSample(text)).meta
    return {name for name in PITCH_FEATURES if meta.get(name)}


@pytest.mark.parametrize(
    ("text", "ask"),
    [("Подписывайтесь на мой канал!", "ask_subscribe"),
     ("abone olana abone olurum", "ask_subscribe"),
     ("Se inscrevam, galera", "ask_subscribe"),
     ("チャンネル登録よろしく", "ask_subscribe"),
     ("Schaut auf meinem Kanal vorbei", "ask_visit_outlet"),
     ("Kanalıma bakın", "ask_visit_outlet"),
     ("Пишите в личку, всё расскажу", "ask_private_contact"),
     ("Me chama no zap", "ask_private_contact"),
     ("카톡 문의 주세요", "ask_private_contact"),
     ("Kredit ohne Schufa in 24 Stunden", "promise_no_checks"),
     ("Без отказа и без справок", "promise_no_checks"),
     ("Zarabiam 300 zł dziennie z domu", "claim_earnings"),
     ("副業で月収50万", "claim_earnings"),
     ("Giá rẻ, mua ngay hôm nay", "pitch_offer")],
)  # fmt: skip
def test_asks_in_other_languages_are_found(text: str, ask: str) -> None:
    assert ask in _asks(text)


@pytest.mark.parametrize(
    "text",
    ["Ich habe den Kanal gestern im Fernsehen gesehen, sehr gut gemacht.",
     "Я подписал договор в прошлом году, и цена выросла вдвое.",
     "The subscription price went up again, so I cancelled.",
     "Mi hermano dice que el canal de Panamá cobra más este año.",
     "Ganhar a eleição não resolve a inflação."],
)  # fmt: skip
def test_ordinary_talk_makes_no_ask(text: str) -> None:
    assert _asks(text) == set()


def test_stems_match_any_ending_but_only_at_word_start() -> None:
    assert "claim_earnings" in _asks("Легкий заработок для всех")
    assert "claim_earnings" not in _asks("Подзаработок")


def test_phrases_are_cut_like_comment_text() -> None:
    # A lone "в" must stay Cyrillic (it would fold to Latin "b" on its own).
    assert _phrase_words("в личку") == ("в", "личку")
    assert _phrase_words("schreib* mir") == ("schreib*", "mir")


@pytest.mark.parametrize(
    ("author", "website"),
    [("Schlüsseldienst Berlin", ""), ("Kombi Servisi Ankara", "https://kombi-ankara.com.tr"),
     ("Натяжные потолки Москва", ""), ("Szamba Betonowe Radom", "https://szamba-radom.pl")],
)  # fmt: skip
def test_business_names_in_other_languages_count_as_trade(author: str, website: str) -> None:
    sample = CommentSample("Sehr guter Artikel!", author=author, website=website)
    assert extract_signals(sample).meta["site_trade_words"] > 0
