"""The spammer's asks in many languages: subscribe, visit my channel, write me in private.

The word n-grams learn the phrasings the corpus has; a spam family in a language it has
few examples of ("abone olana abone olurum", "chama no zap") shares no words with them.
These features pool common phrasings of six asks, in the languages our readers write, so
an unseen phrasing of a known ask still carries weight.  Phrases are stems matched as
whole words of the normalised text, or as the start of one where a word ends in "*".
"""
# ruff: noqa: RUF001

from __future__ import annotations

import re

from .text import normalize, words

# Each ask: phrases in English, Spanish, Portuguese, French, German, Italian, Dutch,
# Russian, Ukrainian, Turkish, Polish, Indonesian and Malay, Vietnamese, Arabic, Hindi.
_SPACED: dict[str, tuple[str, ...]] = {
    "ask_subscribe": (
        "follow back", "follow for follow", "f4f", "l4l", "sub for sub", "subscrib* to my",
        "suscríbete", "suscribete", "suscríban*", "suscribanse", "me suscribo", "sígue*",
        "sígan*", "dale like", "se inscrev*", "inscreva-se", "inscrevam*", "me segue",
        "me sigam", "segue de volta", "sininho", "abonnez-vous", "abonne-toi", "suivez-moi",
        "suis-moi", "abonnier*", "folgt mir", "folg mir", "lasst ein abo", "iscriviti",
        "iscrivetevi", "seguite*", "seguimi", "abonneer", "volg mij", "подпиш*",
        "подпишитесь", "подписыва*", "подписывайс*", "ставьте лайк*", "підпиш*",
        "підписуй*", "abone ol*", "takip e*", "beni takip*", "takipleş*", "geri takip*",
        "subskryb*", "zasubskryb*", "obserwuj*", "jangan lupa subscribe", "follow balik",
        "folback", "sub balik", "đăng ký kênh", "đăng kí kênh", "ủng hộ kênh", "sub chéo",
        "اشترك", "تابعوني", "تابعني", "सब्सक्राइब", "subscribe kar*", "follow kar*",
    ),
    "ask_visit_outlet": (
        "link in bio", "link in my bio", "link in profile", "mi canal", "mi página",
        "mi perfil", "mi tienda", "en mi bio", "meu canal", "meu perfil", "minha loja",
        "minha página", "link na bio", "ma chaîne", "ma chaine", "mon profil", "ma boutique",
        "lien en bio", "meinem kanal", "meinen kanal", "mein kanal", "meinem profil",
        "mio canale", "mio profilo", "mijn kanaal", "мой канал", "моём канал*", "моем канал*",
        "моего канала", "мой профиль", "ссылка в профиле", "ссылка в био", "в шапке профиля",
        "мій канал", "моєму каналі", "kanalım*", "kanalıma", "kanalımı", "profilimde*",
        "biyografim*", "mój kanał", "mojego kanału", "moim kanale", "link w bio",
        "channel saya", "channel aku", "akun saya", "toko saya", "toko kami", "link di bio",
        "cek bio", "kedai saya", "kênh của mình", "kênh mình", "page của mình", "shop mình",
        "qua page", "ghé page", "ghé shop", "قناتي", "صفحتي", "मेरे चैनल", "मेरा चैनल",
    ),
    "ask_private_contact": (
        "escríbe*", "escribeme", "mánda*", "al privado", "por privado", "por interno",
        "contácta*", "me chama*", "chama no zap", "no privado", "no direct", "no pv",
        "écrivez-moi", "ecrivez-moi", "écris-moi", "en mp", "en privé", "contactez-moi",
        "schreib* mir", "schreibt mir", "schreiben sie mir", "per pn", "privatnachricht",
        "kontaktier* mich", "scrivi*", "scrivetemi", "contatta*",
        "in privato", "stuur me een", "app me", "в личку", "в лс", "в личные", "пиши* мне",
        "напиш* мне", "телеграм*", "вотсап*", "ватсап*", "вайбер*", "dm at",
        "dm'den", "bana yaz", "mesaj at", "özelden", "napisz* do mnie", "piszcie do mnie",
        "na priv", "hubungi*", "chat wa", "wa saya", "japri", "pm saya", "ib mình", "nhắn tin",
        "liên hệ", "zalo", "راسلني", "تواصل معي", "واتساب", "व्हाट्सएप",
    ),
    "promise_no_checks": (
        "no prescription", "without prescription", "no credit check", "guaranteed approval",
        "sin receta", "sin papeles", "sin buró", "sin aval", "sem receita", "sem consulta",
        "sem burocracia", "nome suj*", "negativad*", "sans ordonnance", "sans justificatif",
        "ohne rezept*", "ohne schufa", "ohne bonitätsprüfung", "senza ricetta",
        "senza busta paga", "zonder recept", "zonder bkr", "без рецепта", "без справ*",
        "без провер*", "без отказ*", "без залога", "без предоплаты", "reçetesiz*", "kefilsiz*",
        "evraksız*", "bez recepty", "bez bik", "bez zaświadczeń", "tanpa resep",
        "tanpa jaminan", "tanpa bi checking", "tanpa agunan", "pasti cair*", "langsung cair",
        "không thế chấp", "giải ngân", "بدون وصفة", "بدون ضمان",
    ),
    "claim_earnings": (
        "ganar dinero", "ingresos extra", "desde casa", "ganhe*", "ganh* dinheiro",
        "renda extra", "gagner de l'argent", "j'ai gagné", "geld verdien*", "pro tag verdient",
        "von zu hause aus", "nebeneinkommen", "guadagna*", "ho guadagnato", "заработ*",
        "пассивный доход", "на дому", "заробіт*", "para kazan*", "kazandı*", "pasif gelir",
        "evden çalış*", "zarabia*", "zarobi*", "zarobek", "penghasil*", "cuan", "modal kecil",
        "kiếm tiền", "thu nhập", "lợi nhuận", "اربح", "أرباح", "कमाई",
    ),
    "pitch_offer": (
        "buy now", "order now", "free shipping", "best price", "envío gratis", "compra ya",
        "pide ya", "frete grátis", "compre já", "peça já", "livraison gratuite", "commande*",
        "kostenloser versand", "jetzt bestellen", "jetzt kaufen", "spedizione gratuita",
        "ordina ora", "недорог*", "дешево", "дёшево", "закаж*", "заказыва*", "переходи*",
        "ucuz*", "kargo bedava", "ücretsiz kargo", "hemen al", "tanio", "zamów*", "kup teraz",
        "darmowa dostawa", "murah*", "gratis ongkir", "beli sekarang", "slot gacor", "maxwin",
        "giá rẻ", "khuyến mãi", "mua ngay", "اطلب الآن", "توصيل مجاني",
    ),
}  # fmt: skip
# Scripts written without spaces: a phrase may start anywhere.
_UNSPACED: dict[str, tuple[str, ...]] = {
    "ask_subscribe": (
        "チャンネル登録", "フォローお願い", "相互フォロー", "订阅", "訂閱", "关注我",
        "關注我", "互粉", "구독", "맞팔", "선팔",
    ),
    "ask_visit_outlet": (
        "私のチャンネル", "プロフのリンク", "遊びに来て", "我的频道", "我的頻道",
        "我的店", "제 채널", "저희 채널", "프로필 링크",
    ),
    "ask_private_contact": (
        "dmください", "連絡ください", "加微信", "加我微信", "私信", "加v", "联系我",
        "聯繫我", "카톡", "오픈채팅", "텔레그램",
    ),
    "promise_no_checks": (
        "審査なし", "処方箋不要", "无需", "無需", "免审核", "免抵押", "包过", "无抵押",
        "무담보", "무서류", "처방전 없이",
    ),
    "claim_earnings": (
        "稼げ", "副業", "日給", "月収", "赚钱", "賺錢", "日赚", "月入", "兼职", "兼職",
        "부업", "재택",
    ),
    "pitch_offer": (
        "激安", "送料無料", "今すぐ購入", "优惠", "優惠", "包邮", "최저가", "무료배송",
        "특가",
    ),
}  # fmt: skip

PITCH_FEATURES = tuple(_SPACED)
# A phrase word ending in "*" matches any word it starts ("заработ*" for заработок,
# заработать); a phrase opening with one is indexed under its first STEM_KEY letters.
STEM_KEY = 4
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# An ask and its words, each an exact word or a "*" stem.
Phrase = tuple[str, tuple[str, ...]]


def _phrase_words(phrase: str) -> tuple[str, ...]:
    """The phrase cut into words exactly as comment text is, "*" kept on stem words.

    The whole phrase is normalised at once: a lone "в" would fold to a Latin "b".
    """
    parts = phrase.split()
    cut = words(normalize(" ".join(p.rstrip("*") for p in parts), keep_native=True))
    end = 0
    for part in parts:
        end += len(words(normalize(part.rstrip("*"))))
        if part.endswith("*"):
            cut[end - 1] += "*"
    return tuple(cut)


def _index(phrases: dict[str, tuple[str, ...]]) -> tuple[dict[str, list[Phrase]], ...]:
    """Phrases keyed by their exact first word, and those opening with a stem by its key."""
    exact: dict[str, list[Phrase]] = {}
    stems: dict[str, list[Phrase]] = {}
    for ask, texts in phrases.items():
        for phrase in map(_phrase_words, texts):
            first = phrase[0]
            if not first.endswith("*"):
                exact.setdefault(first, []).append((ask, phrase))
            elif len(first) > STEM_KEY:
                stems.setdefault(first[:STEM_KEY], []).append((ask, phrase))
            else:
                raise ValueError(f"stem {first!r} is shorter than {STEM_KEY} letters")
    return exact, stems


_EXACT, _STEMS = _index(_SPACED)
_UNSPACED_ASK = {normalize(p): ask for ask, group in _UNSPACED.items() for p in group}
_UNSPACED_PATTERN = re.compile(
    "|".join(re.escape(p) for p in sorted(_UNSPACED_ASK, key=len, reverse=True))
)


def _word_matches(pattern: str, word: str) -> bool:
    """A phrase word against a text word: equal, or a prefix when it ends in "*"."""
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _asks_in_words(text_words: list[str]) -> set[str]:
    """Asks one of whose phrases starts at some word of the text."""
    found = set()
    starts = [i for i, w in enumerate(text_words) if w in _EXACT or w[:STEM_KEY] in _STEMS]
    for at in starts:
        word = text_words[at]
        for ask, phrase in _EXACT.get(word, []) + _STEMS.get(word[:STEM_KEY], []):
            following = text_words[at : at + len(phrase)]
            if len(following) == len(phrase) and all(map(_word_matches, phrase, following)):
                found.add(ask)
    return found


def pitch_features(prose: str, text_words: list[str]) -> dict[str, float]:
    """1.0 for each ask made; ``prose`` is the normalised text, ``text_words`` its words."""
    asks = _asks_in_words(text_words)
    if _UNSPACED_SCRIPT.search(prose):
        asks.update(_UNSPACED_ASK[m] for m in _UNSPACED_PATTERN.findall(prose))
    return {ask: float(ask in asks) for ask in PITCH_FEATURES}
