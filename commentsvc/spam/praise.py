"""Generic praise of the post and trade words in the commenter's host and author name.

Link-building spam flatters the post in words that fit any post ("great article, keep
up the good work") and signs with a business site ("phoenixhvac-247.com").  Pooled
across phrasings and languages, these generalise beyond the word n-grams seen in training.
"""

from __future__ import annotations

import re

PRAISE_FEATURES = (
    "generic_praise", "site_trade_words",
)  # fmt: skip

_PRAISE_WORDS = (
    r"great|nice|good|excellent|awesome|amazing|wonderful|fantastic|informative|helpful"
    r"|useful|brilliant|superb|well[- ]written|well[- ]researched|quality|valuable|fabulous"
    r"|impressive|outstanding|enlightening|insightful|perfect|lovely|cool|fine"
)
_WORK_WORDS = (
    r"post|posts|article|articles|blog|piece|write-?up|read|content|info|information|site"
    r"|website|web ?page|webpage|layout|design|theme|topic|subject|writing|job|work|points?"
    r"|share|stuff|details|explanation|tips"
)
_GENERIC_PRAISE = re.compile(
    rf"\b(?:{_PRAISE_WORDS})\s+(?:\w+\s+)?(?:{_WORK_WORDS})\b"
    r"|\bkeep (?:up )?(?:the )?(?:good|great|nice) (?:work|job)\b|\bkeep (?:it up|writing)\b"
    r"|\bthanks? (?:you )?(?:so much |a lot )?for (?:sharing|posting|this (?:post|article|info))"
    r"|\bbookmark(?:ed|ing)?\b|\bwrite more\b|\blooking forward to (?:more|your next|reading)"
    r"|\bknows? (?:the subject|what (?:you|he|she|they)(?:'re| are) talking about)"
    r"|\b(?:right|best|perfect) (?:blog|site|place) for\b|\bnailed it\b|\bwell done\b"
    r"|\b(?:i|i'll|i will) (?:definitely )?(?:share|recommend|be back|come back|return)\b"
    r"|\bregular basis\b|\bappreciate (?:the|your) (?:effort|time|work)"
    # Other languages: "quel bel article", "sehr guter Artikel", "qué buen artículo".
    r"|\b(?:bel|bon|super|excellent|très bon) article\b|\bbravo\b"
    r"|\b(?:guter?|toller?|super) (?:artikel|beitrag)\b"
    r"|\b(?:buen|gran|excelente|ótimo|bom|ottimo|bellissimo) (?:artículo|articulo|post|artigo"
    r"|articolo)\b|\bparabéns\b|\bотличн\w* стать\w*|\bспасибо автору\b"  # noqa: RUF001
)
# Trade words that business host names and keyword author names are glued from
# ("phoenixhvac-247", "kurtis-cbd-gummies", "movingboxesfree").
_TRADE = re.compile(
    r"casino|poker|pokies|slots?\b|betting|bet\d|loans?|credit|cash|cbd|keto|gumm|diet|pills?"
    r"|pharma|meds|viagra|cialis|seo|marketing|repair|hvac|plumb|roofing|cleaning|towing"
    r"|movers|moving|lawyer|attorney|realty|estate|insur|seguro|essay|cheap|discount|deals?"
    r"|free|robux|crypto|coin|forex|trading|invest|\bira\b|tarot|psychic|dating|escort"
    r"|apteka|apotek|shop|store|buy|sales\b|outlet|replica|luxe|24h|247|service|agency|reviews?"
    r"|tips|guru|bonus|money|profit|boutique|clinic|dental|beauty|solutions?"
    r"|locksmith|landscaping|realtor|staffing|remodel|contractor|dentist|gmbh"
    # The same trades in the languages of our readers; stems, as names glue them together
    # ("Schlüsseldienst", "kombiservisi", "натяжные потолки"), each long enough not to sit
    # inside a personal name or hobby ("Immobile", "McKeown", "выставка").
    r"|schl[uü]e?sseldienst|reinigung|umzug|entr[uü]e?mpel|dachdeck|sanit[aä]e?r|heizung|kredit"
    r"|versicherung|immobilien|immobiliar|zahnarzt|kosmetik|serrurier|plombier|d[ée]m[ée]nag"
    r"|nettoyage"
    r"|abogad|advogad|reformas|mudanzas|limpieza|cerrajer|impermeabil|pr[ée]stamo"
    r"|empr[ée]stimo|est[ée]tica|m[óo]veis|planejad|fontaner|idraulic|traslochi|pulizie"
    r"|prestiti|remonty|hydraulik|kancelaria|po[zż]yczk|szamb|przeprowadz|kredyt|servis"
    r"|nakliyat|tesisat|temizlik|bahis|kredi|pinjaman|sedot|gacor|soikeo|keonhacai"
    r"|ремонт|потолк|клиник|доставк|купить|кредит|займ|(?<!\w)ставк|казино|услуг|юрист"
    r"|адвокат|сантехник|перевоз"
)


def praise_features(prose: str, trade: int) -> dict[str, float]:
    """Features in [0, 1]; ``prose`` is normalised text without URLs."""
    praise = len(_GENERIC_PRAISE.findall(prose))
    return {
        "generic_praise": min(praise, 3) / 3,
        "site_trade_words": min(trade, 3) / 3,
    }


def trade_words(host_pieces: list[str], author_words: list[str]) -> int:
    """Trade words in the host names (minus the author's own name) and in the author name."""
    own = {w for w in author_words if len(w) >= 3}
    hosts = " ".join(p for p in host_pieces if p not in own)
    for name in own:
        hosts = hosts.replace(name, " ")
    return len(_TRADE.findall(hosts)) + len(_TRADE.findall(" ".join(author_words)))
