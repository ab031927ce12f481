"""The spammer's asks across languages, and trade words in business names."""
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from commentsvc.spam import CommentSample
from commentsvc.spam.features import extract_signals
from commentsvc.spam.pitch import PITCH_FEATURES


def _asks(text: str) -> set[str]:
    """The pitch features that fire for a comment with this text."""
    meta = extract_signals(CommentSample(text)).meta
    return {name for name in PITCH_FEATURES if meta.get(name)}


@pytest.mark.parametrize(
    ("text", "ask"),
    [("Подписывайтесь на мой канал!", "ask_subscribe"),
     ("abone olana abone olurum", "ask_subscribe"),
     ("BENİ TAKİP EDİN 🙏", "ask_subscribe"),
     ("Gagner de l’argent depuis chez soi", "claim_earnings"),
     ("Se inscrevam, galera", "ask_subscribe"),
     ("チャンネル登録よろしく", "ask_subscribe"),
     ("Schaut auf meinem Kanal vorbei", "ask_visit_outlet"),
     ("Пишите в телеграм, ссылка в профиле", "ask_visit_outlet"),
     ("Kanalıma bakın", "ask_visit_outlet"),
     ("Пишите в личку, всё расскажу", "ask_private_contact"),
     ("Me chama no zap", "ask_private_contact"),
     ("카톡 문의 주세요", "ask_private_contact"),
     ("Kredit ohne Schufa in 24 Stunden", "promise_no_checks"),
     ("Без отказа и без справок", "promise_no_checks"),
     ("Zarabiaj 300 zł dziennie", "claim_earnings"),
     ("在家赚钱，日赚500", "claim_earnings"),
     ("Giá rẻ, mua ngay hôm nay", "pitch_offer")],
)  # fmt: skip
def test_asks_in_other_languages_are_found(text: str, ask: str) -> None:
    assert ask in _asks(text)


@pytest.mark.parametrize(
    "text",
    ["Ich habe den Kanal gestern im Fernsehen gesehen, sehr gut gemacht.",
     "Путин подписывает закон, заработная плата не растёт, переходим к вопросу о выставке.",
     "Haberi takip ediyorum, Fenerbahçe kazandı ama bilet ucuz değil.",
     "Moje zamówienie przyszło, zarobki w Polsce rosną, obserwuję tę sprawę.",
     "Akun saya diblokir, penghasilan petani turun dan harga beras tidak murah.",
     "Scrivi benissimo, contatta pure la redazione se vuoi guadagnare tempo.",
     "Du schreibst mir aus der Seele, ich arbeite von zu Hause aus.",
     "Das Rezept ohne Rezeptbuch: ohne Rezept koche ich lieber.",
     "Ma commande est arrivée, j'ai gagné du temps, on en parle en privé.",
     "Espero que o Brasil ganhe, me chamaram de louco, ele se inscreveu no concurso.",
     "面包过期了，三月入学，关注我国的政策，无需担心。",
     "이제 채널 구독료가 올랐네요.",
     "I can't afford to buy now, the best price was last year.",
     "The subscription price went up again, so I cancelled."],
)  # fmt: skip
def test_ordinary_talk_makes_no_ask(text: str) -> None:
    assert _asks(text) == set()


def test_a_lone_cyrillic_preposition_stays_cyrillic_in_phrases() -> None:
    # Normalised alone, "в" would fold to a Latin "b" and "в личку" would never match.
    assert "ask_private_contact" in _asks("Всё расскажу, пишите в личку")


@pytest.mark.parametrize(
    ("author", "website"),
    [("Schlüsseldienst Berlin", ""), ("Kombi Servisi Ankara", "https://kombiservisi.com.tr"),
     ("Натяжные потолки Москва", ""), ("Szamba Betonowe Radom", "https://szamba-radom.pl")],
)  # fmt: skip
def test_business_names_in_other_languages_count_as_trade(author: str, website: str) -> None:
    sample = CommentSample("Sehr guter Artikel!", author=author, website=website)
    assert extract_signals(sample).meta["site_trade_words"] > 0


@pytest.mark.parametrize(
    ("author", "website"),
    [("Ciro Immobile", ""), ("Aoife McKeown", "https://makeover-diary.ie"),
     ("Katja", "https://dienstreise-notizen.de"), ("Ольга", ""), ("Piotr", "https://naszremont.pl")],
)  # fmt: skip
def test_personal_names_and_hobby_sites_are_no_trade(author: str, website: str) -> None:
    sample = CommentSample("Выставка была прекрасной.", author=author, website=website)
    assert "site_trade_words" not in extract_signals(sample).meta
