"""The spammer's asks in many languages: subscribe, visit my channel, write me in private.

The word n-grams learn the phrasings the corpus has; a spam family in a language it has
few examples of ("abone olana abone olurum", "chama no zap") shares no words with them.
These features pool common phrasings of six asks, in the languages our readers write, so
an unseen phrasing of a known ask still carries weight.  Phrases match whole words of
the normalised text, so each is an imperative or a phrase long enough not to be everyday
talk ("подписывайтесь", not "подпис-", which also starts "подписывает закон").
"""
# ruff: noqa: RUF001

from __future__ import annotations

import re

from .text import normalize, words

# Each ask: phrases in English, Spanish, Portuguese, French, German, Italian, Dutch,
# Russian, Ukrainian, Turkish, Polish, Indonesian and Malay, Vietnamese, Arabic, Hindi.
_SPACED: dict[str, tuple[str, ...]] = {
    "ask_subscribe": (
        "follow back", "follow for follow", "f4f", "l4l", "sub for sub", "subscribe to my",
        "subscribe to our", "suscríbete", "suscribete", "suscríbanse", "suscribanse",
        "me suscribo a todos", "sígueme", "síganme", "dale like", "se inscrevam", "inscreva-se",
        "inscrevam-se", "me segue", "me sigam", "segue de volta", "ativa o sininho",
        "abonnez-vous", "abonne-toi", "suivez-moi", "suis-moi", "abonniert mich",
        "abonniert meinen", "folgt mir", "folg mir", "lasst ein abo", "iscriviti al mio",
        "iscrivetevi", "seguitemi", "seguimi", "abonneer op mijn", "volg mij op",
        "подпишись", "подписывайтесь", "подписывайся", "ставьте лайк", "ставьте лайки",
        "підписуйтесь",
        "abone olun", "abone ol", "abone olana", "abone olurum", "takip edin", "beni takip",
        "takipleşelim", "geri takip", "subskrybujcie", "zasubskrybuj", "zasubskrybujcie",
        "obserwuj mnie", "obserwujcie mnie", "jangan lupa subscribe", "follow balik",
        "folback", "sub balik", "đăng ký kênh", "đăng kí kênh", "ủng hộ kênh", "sub chéo",
        "اشتركوا في", "تابعوني", "تابعني", "सब्सक्राइब करें", "subscribe karo", "follow karo",
    ),
    "ask_visit_outlet": (
        "link in bio", "link in my bio", "link in profile", "mi canal", "en mi perfil",
        "mi tienda online", "en mi bio", "meu canal", "no meu perfil", "minha loja",
        "link na bio", "ma chaîne", "ma chaine", "sur mon profil", "ma boutique", "lien en bio",
        "meinem kanal", "meinen kanal", "mein kanal", "auf meinem profil", "mio canale",
        "sul mio profilo", "mijn kanaal", "мой канал", "моём канале", "моем канале",
        "моего канала", "ссылка в профиле", "ссылка в био", "в шапке профиля", "мій канал",
        "моєму каналі", "kanalım", "kanalıma", "kanalımı", "kanalımda", "biyografimdeki",
        "mój kanał", "mojego kanału", "moim kanale", "link w bio", "channel saya",
        "channel aku", "toko saya", "toko kami", "link di bio", "cek bio", "kedai saya",
        "kênh của mình", "page của mình", "shop mình", "ghé page", "ghé shop", "قناتي",
        "मेरे चैनल", "मेरा चैनल",
    ),
    "ask_private_contact": (
        "escríbeme", "escribeme", "mándame un mensaje", "al privado", "por privado",
        "por interno", "contáctame", "me chama no", "chama no zap", "chama no pv",
        "no privado", "no direct", "écrivez-moi", "ecrivez-moi", "écris-moi", "en mp",
        "contactez-moi", "schreib mir eine", "schreibt mir eine", "schreiben sie mir",
        "per pn", "kontaktiert mich", "kontaktieren sie mich", "scrivimi", "scrivetemi",
        "contattami", "contattatemi", "stuur me een bericht", "app me", "в личку", "в лс",
        "в личные сообщения", "пишите мне", "напишите мне", "пиши мне", "пишите в телеграм",
        "пишите в вотсап", "пишите в ватсап", "dm at", "dm'den", "dmden", "bana yazın",
        "bana mesaj at", "özelden yaz", "napisz do mnie", "piszcie do mnie", "na priv",
        "na priva", "hubungi saya", "hubungi kami", "chat wa", "wa saya", "japri", "pm saya",
        "ib mình", "inbox mình", "nhắn tin cho mình", "liên hệ zalo", "kết bạn zalo",
        "راسلني", "تواصل معي", "تواصلوا معي", "व्हाट्सएप करें",
    ),
    "promise_no_checks": (
        "no prescription", "without prescription", "no credit check", "guaranteed approval",
        "sin receta médica", "sin buró", "sin aval", "sem receita médica",
        "sem consulta ao spc", "sem consulta ao serasa", "nome sujo", "negativado",
        "negativados", "sans ordonnance", "sans justificatif", "ohne schufa",
        "ohne bonitätsprüfung", "senza ricetta medica", "senza busta paga", "zonder bkr",
        "без рецепта врача", "без справок", "без проверок", "без отказа", "без залога",
        "без предоплаты", "kefilsiz", "evraksız kredi", "bez bik", "bez zaświadczeń",
        "tanpa jaminan", "tanpa bi checking", "tanpa agunan", "pasti cair", "langsung cair",
        "không thế chấp", "không cần thế chấp", "بدون وصفة طبية", "بدون ضمان",
    ),
    "claim_earnings": (
        "gana dinero", "ganar dinero desde casa", "ingresos extra", "ganhe dinheiro",
        "ganhar dinheiro", "renda extra", "gagner de l'argent", "revenu passif",
        "geld verdienen", "nebeneinkommen", "passives einkommen", "guadagnare soldi",
        "reddito passivo", "заработок в интернете", "заработок без вложений",
        "заработать без вложений", "пассивный доход", "работа на дому",
        "заробіток в інтернеті", "пасивний дохід", "para kazanmak", "para kazanın",
        "pasif gelir", "evden çalışarak", "zarabiaj", "pasywny dochód", "penghasilan tambahan",
        "modal kecil", "kiếm tiền online", "kiếm tiền tại nhà", "thu nhập thụ động",
        "اربح المال", "الربح من الانترنت", "पैसे कमाएं", "घर बैठे कमाई",
    ),
    "pitch_offer": (
        "order now", "free shipping", "envío gratis", "compra ya", "pide ya", "frete grátis",
        "compre já", "peça já", "livraison gratuite", "commandez", "kostenloser versand",
        "jetzt bestellen", "jetzt kaufen", "spedizione gratuita", "ordina ora", "недорого",
        "закажите", "заказывайте", "переходите по ссылке", "переходи по ссылке",
        "kargo bedava", "ücretsiz kargo", "hemen al", "hemen sipariş", "darmowa dostawa",
        "kup teraz", "zamów teraz", "zamów już", "gratis ongkir", "beli sekarang",
        "slot gacor", "maxwin", "harga murah", "giá rẻ", "khuyến mãi", "mua ngay",
        "اطلب الآن", "توصيل مجاني",
    ),
}  # fmt: skip
# Scripts written without spaces: a phrase may start anywhere, so each is long enough not
# to sit inside an everyday word ("关注我的", not "关注我", which starts "关注我国").
_UNSPACED: dict[str, tuple[str, ...]] = {
    "ask_subscribe": (
        "チャンネル登録", "フォローお願い", "相互フォロー", "关注我的", "關注我的", "互粉",
        "구독 부탁", "구독과 좋아요", "맞팔", "선팔",
    ),
    "ask_visit_outlet": (
        "私のチャンネル", "プロフのリンク", "遊びに来てください", "我的频道", "我的頻道",
        "프로필 링크",
    ),
    "ask_private_contact": (
        "dmください", "加微信", "加我微信", "私信我", "加v", "联系我", "聯繫我", "카톡 문의",
        "오픈채팅",
    ),
    "promise_no_checks": (
        "審査なし", "処方箋不要", "免审核", "免抵押", "无抵押", "무담보", "무서류",
        "처방전 없이",
    ),
    "claim_earnings": ("稼げる", "日赚", "月入过万", "轻松赚钱", "在家赚钱", "輕鬆賺錢"),
    "pitch_offer": ("激安", "送料無料", "今すぐ購入", "包邮", "최저가", "무료배송", "특가"),
}  # fmt: skip

PITCH_FEATURES = tuple(_SPACED)
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _index(phrases: dict[str, tuple[str, ...]]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """(ask, words) of each phrase, keyed by its first word.

    Phrases are cut into words exactly as comment text is, and each whole phrase at once:
    a lone "в" would fold to a Latin "b".
    """
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for ask, texts in phrases.items():
        for text in texts:
            cut = tuple(words(normalize(text, keep_native=True)))
            index.setdefault(cut[0], []).append((ask, cut))
    return index


_BY_FIRST_WORD = _index(_SPACED)
_UNSPACED_ASK = {normalize(p): ask for ask, group in _UNSPACED.items() for p in group}
_UNSPACED_PATTERN = re.compile(
    "|".join(re.escape(p) for p in sorted(_UNSPACED_ASK, key=len, reverse=True))
)


def _asks_in_words(text_words: list[str]) -> set[str]:
    """Asks one of whose phrases starts at some word of the text."""
    found: set[str] = set()
    for at in [i for i, word in enumerate(text_words) if word in _BY_FIRST_WORD]:
        for ask, phrase in _BY_FIRST_WORD[text_words[at]]:
            if tuple(text_words[at : at + len(phrase)]) == phrase:
                found.add(ask)
    return found


def pitch_features(prose: str, text_words: list[str]) -> dict[str, float]:
    """1.0 for each ask made; ``prose`` is the normalised text, ``text_words`` its words."""
    asks = _asks_in_words(text_words)
    if _UNSPACED_SCRIPT.search(prose):
        asks.update(_UNSPACED_ASK[m] for m in _UNSPACED_PATTERN.findall(prose))
    return {ask: float(ask in asks) for ask in PITCH_FEATURES}
