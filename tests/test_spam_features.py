"""Normalisation, signal extraction and the featurizer."""

from __future__ import annotations

import pytest

from commentsvc.spam import AuthorHistory, CommentSample
from commentsvc.spam.corpus import corpus_files, load_corpus
from commentsvc.spam.features import char_ngrams, extract_signals
from commentsvc.spam.promo import PROMO_FEATURES
from commentsvc.spam.shape import SHAPE_FEATURES
from commentsvc.spam.text import (
    extract_urls,
    is_obfuscated,
    non_latin_share,
    normalize,
    split_unspaced,
    url_domain,
    words,
)
from commentsvc.spam.vectorizer import CommentFeaturizer


def test_normalize_reads_typographic_apostrophes_and_turkish_capital_i_plainly() -> None:
    assert normalize("Don\u2019t") == normalize("Don't") == "don't"
    assert normalize("BEN\u0130 TAK\u0130P ED\u0130N, \u0130stanbul") == "beni takip edin, istanbul"


def test_normalize_strips_zero_width_and_folds_lookalikes() -> None:
    assert normalize("vi\u200bagra") == "viagra"
    assert normalize("\u0405\u0420\u0410\u041c \u0441heap") == "spam cheap"  # Cyrillic look-alikes
    assert normalize("\uff26\uff32\uff25\uff25") == "free"  # full-width via NFKC


def test_normalize_keeps_genuine_cyrillic_words() -> None:
    assert normalize("Привет") == "привет"


def test_normalize_collapses_spaced_letters() -> None:
    assert normalize("f r e e money") == "free money"
    assert normalize("c.a.s.i.n.o") == "casino"
    assert normalize("a b test") == "a b test"  # too short to be obfuscation


def test_obfuscated_urls_are_found() -> None:
    urls = extract_urls(normalize("see example[.]com and shop dot xyz and https://bit.ly/x"))
    assert [url_domain(u) for u in urls] == ["example.com", "shop.xyz", "bit.ly"]


def test_url_domain_drops_www() -> None:
    assert url_domain("https://www.Example.com/path") == "example.com"


def test_link_signals() -> None:
    sample = CommentSample("Look http://bit.ly/a and http://bit.ly/b and www.shop.ru")
    signals = extract_signals(sample)
    assert "domain:bit.ly" in signals.tokens
    assert "tld:ru" in signals.tokens
    assert signals.meta["link_shortener"] == 1.0
    assert signals.meta["links_count"] > signals.meta["links_distinct_domains"]


def test_link_in_author_name_fires() -> None:
    with_link = extract_signals(CommentSample("hi", author="http://cheap-pills.ru"))
    plain = extract_signals(CommentSample("hi", author="Anna"))
    assert with_link.meta["link_in_author"] == 1.0
    assert with_link.meta["author_domain_like"] == 1.0
    assert "link_in_author" not in plain.meta


def test_keyword_stuffed_author() -> None:
    signals = extract_signals(CommentSample("hi", author="Best Cheap Loans Online"))
    assert signals.meta["author_commercial_words"] == 3.0
    assert signals.meta["author_many_words"] == 1.0


def test_email_is_reduced_to_domain() -> None:
    sample = CommentSample("hi", email_domain="Someone@Example.ORG")
    assert sample.email_domain == "example.org"
    assert "email_domain:example.org" in extract_signals(sample).tokens


def test_behaviour_fields_do_not_change_features() -> None:
    plain = CommentSample("hello there")
    busy = CommentSample("hello there", seconds_to_submit=0.5, honeypot=True, ip_burst=9)
    assert extract_signals(plain) == extract_signals(busy)


def test_history_features() -> None:
    signals = extract_signals(CommentSample("hi", history=AuthorHistory(approved=5)))
    assert signals.meta["history_approved"] > 0
    assert "history_spam" not in signals.meta


def test_char_ngrams_share_pieces_despite_leetspeak() -> None:
    plain, leet = set(char_ngrams(["viagra"])), set(char_ngrams(["v1agra"]))
    assert {"agr", "gra", "agra "} <= plain & leet


def test_featurizer_vocabulary_and_names() -> None:
    samples = [CommentSample(f"cheap pills at bit.ly/{i} now") for i in range(3)]
    featurizer = CommentFeaturizer(min_df=2).fit(samples)
    matrix = featurizer.transform(samples)
    names = set(featurizer.get_feature_names_out())
    assert matrix.shape == (3, featurizer.n_features_out_)
    assert {"domain:bit.ly", "word:cheap pills", "char:'pil'", "meta:links_count"} <= names


def test_vocabulary_cap_keeps_the_same_terms_whatever_the_order_seen() -> None:
    texts = ["alpha beta", "gamma delta", "alpha gamma", "beta delta", "epsilon zeta"] * 2
    samples = [CommentSample(text) for text in texts]
    kept = [
        CommentFeaturizer(max_tokens=3, max_char_ngrams=20).fit(order)
        for order in (samples, samples[::-1])
    ]
    assert list(kept[0].tokens_) == list(kept[1].tokens_)
    assert list(kept[0].char_ngrams_) == list(kept[1].char_ngrams_)
    assert len(kept[0].tokens_) == 3


def test_featurizer_ignores_rare_terms() -> None:
    samples = [CommentSample("common words"), CommentSample("common words unique")]
    featurizer = CommentFeaturizer(min_df=2).fit(samples)
    assert "unique" not in set(featurizer.tokens_)


@pytest.mark.skipif(not corpus_files(), reason="built-in corpus not present")
def test_builtin_corpus_loads_with_domains_only() -> None:
    corpus = load_corpus()
    assert {"spam", "ham"} == set(corpus.labels)
    assert all("@" not in s.email_domain for s in corpus.samples)
    assert len(corpus.samples) == len(corpus.families) == len(corpus.labels)


# "Good article, but I disagree with the conclusion": short words are all look-alike letters.
RUSSIAN = (
    "\u041e\u0442\u043b\u0438\u0447\u043d\u0430\u044f \u0441\u0442\u0430\u0442\u044c\u044f, "
    "\u043d\u043e \u0441 \u0432\u044b\u0432\u043e\u0434\u043e\u043c"
)


def test_plain_foreign_text_is_not_obfuscated() -> None:
    for text in (RUSSIAN, "とても分かりやすい\uff01", "Çok güzel"):
        assert "text_obfuscated" not in extract_signals(CommentSample(text)).meta
    assert is_obfuscated("vi\u200bagra") and is_obfuscated("\u0405\u0420\u0410\u041c offer")


@pytest.mark.parametrize(
    "text",
    [
        # Persian, with zero-width non-joiners inside words
        "\u0645\u06cc\u200c\u06af\u0647 \u06a9\u0647 \u0646\u0645\u06cc\u200c\u0634\u0647",
        "Family trip \U0001f468\u200d\U0001f469\u200d\U0001f467 was great",  # emoji joiners
        "\u308f\u304b\u308b\uff57\uff57\uff57 \u3046\u3061\u306e\u732b\u3082",  # Japanese
        "\u05e9\u05dc\u05d5\u05dd \u200fABC\u200f \u05e2\u05d5\u05d3",  # direction marks
    ],
)
def test_honest_invisible_and_full_width_characters_are_not_obfuscation(text: str) -> None:
    assert not is_obfuscated(text)


def test_disguise_is_still_found() -> None:
    assert is_obfuscated("ch\u00adeap pi\u200dlls")  # soft hyphen and joiner in Latin words
    assert is_obfuscated("\uff46\uff52\uff45\uff45 money")  # full-width Latin, no CJK


def test_native_cyrillic_words_keep_their_script() -> None:
    assert normalize(RUSSIAN, keep_native=True) == RUSSIAN.casefold()
    assert normalize("\u0441heap", keep_native=True) == "cheap"  # mixed-script word


def test_context_tokens_do_not_crowd_out_short_comments() -> None:
    featurizer = CommentFeaturizer(min_df=1).fit([CommentSample("yep", email_domain="a.com")])
    weights = []
    for sample in (CommentSample("yep", email_domain="a.com"), CommentSample("yep")):
        columns, values = featurizer.vectorize_one(sample)
        names = [featurizer.feature_name(int(c)) for c in columns]
        weights.append(values[names.index("word:yep")])
    assert weights[0] == pytest.approx(weights[1])


def test_one_word_reply_does_not_carry_a_whole_block() -> None:
    featurizer = CommentFeaturizer(min_df=1, min_block_terms=10).fit([CommentSample("lol")])
    columns, values = featurizer.vectorize_one(CommentSample("lol"))
    names = [featurizer.feature_name(int(c)) for c in columns]
    assert values[names.index("word:lol")] == pytest.approx(10**-0.5)


def test_rare_meta_features_are_dropped() -> None:
    samples = [CommentSample("hi", author="Anna")] * 12 + [CommentSample("hi", author="!!!")]
    featurizer = CommentFeaturizer(min_df=1, min_meta_support=10).fit(samples)
    columns, _ = featurizer.vectorize_one(CommentSample("hello", author=""))
    assert "meta:author_empty" not in {featurizer.feature_name(int(c)) for c in columns}


def test_short_replies_are_not_digit_or_caps_heavy() -> None:
    meta = extract_signals(CommentSample("+1")).meta
    assert meta["digit_ratio"] < 0.1
    assert extract_signals(CommentSample("OMG")).meta["uppercase_ratio"] < 0.2


def test_symbol_runs_count_as_repetition() -> None:
    assert extract_signals(CommentSample("%%%%%%%%%%%%%%%%%%%%")).meta["char_repetition"] > 0


def test_website_host_words_become_tokens() -> None:
    tokens = extract_signals(CommentSample("nice", website="https://keto-gummies.store")).tokens
    assert {"site:keto", "site:gummies"} <= set(tokens)


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("jkfdhsjkfhdsjkfhdjksfhjk", "consonant_run"),
        ("zzzzzzzzzzzzzzzzzz", "repeated_char_run"),
        ("lkjhgfdsa asdfghjkl", "keyboard_walk"),
        ("the cat the cat the cat the cat the cat", "word_repetition"),
        ("follow my channel on YouTube @chefmaria", "handle_mention"),
        ("follow my channel on YouTube @chefmaria", "own_outlet"),
        ("DM me on telegram for details", "off_site_contact"),
        ("Anyone tried Mr. Ethan Brooks?", "named_expert"),
    ],
)
def test_shape_and_promo_cues(text: str, feature: str) -> None:
    assert extract_signals(CommentSample(text)).meta[feature] > 0


def test_ordinary_sentence_has_no_shape_or_promo_cues() -> None:
    meta = extract_signals(CommentSample("Thanks, the council vote was explained well.")).meta
    assert not set(meta) & {*SHAPE_FEATURES, *PROMO_FEATURES}


def test_honest_own_link_cues() -> None:
    sample = CommentSample(
        text="I went to that restaurant the week it opened and reviewed it for my food blog, "
        "a bit less glowing: https://eatingwithedwin.com/2024/03/the-copper-pan",
        author="Edwin",
        website="https://eatingwithedwin.com",
    )
    meta = extract_signals(sample).meta
    assert meta["website_personal"] == 1.0
    assert meta["link_after_text"] == 1.0
    assert meta["first_person_story"] == 1.0


def test_promotion_is_not_an_honest_own_link() -> None:
    sample = CommentSample(
        text="https://bestvpn-deals.info check my site now",
        author="Best VPN 2024",
        website="https://bestvpn-deals.info",
    )
    meta = extract_signals(sample).meta
    assert "website_personal" not in meta
    assert "link_after_text" not in meta
    assert "first_person_story" not in meta


def test_platform_cue_ignores_link_urls() -> None:
    sample = CommentSample(
        text="The part I meant starts at 4 minutes: https://youtube.com/watch?v=x1"
    )
    assert "platform_mention" not in extract_signals(sample).meta


@pytest.mark.parametrize(
    "text",
    [
        "Great article, keep up the good work!",
        "Thanks for sharing, bookmarked your site.",
        "Sehr guter Artikel, danke!",
        "Bravo, quel bel article !",
    ],
)
def test_generic_praise(text: str) -> None:
    assert extract_signals(CommentSample(text)).meta["generic_praise"] > 0


def test_specific_reply_is_not_generic_praise() -> None:
    sample = CommentSample("The council's figure of 34% contradicts the Guardian's 41%.")
    assert "generic_praise" not in extract_signals(sample).meta


def test_trade_words_in_website_and_author() -> None:
    business = CommentSample(
        "Good read.", author="Hvac Repair Phoenix", website="phoenixhvac-247.com"
    )
    assert extract_signals(business).meta["site_trade_words"] > 0


def test_the_authors_own_name_in_the_host_is_not_a_trade_word() -> None:
    personal = CommentSample(
        "Good read.", author="Ruth Goldberg", website="https://ruthgoldberg.blog"
    )
    assert "site_trade_words" not in extract_signals(personal).meta


def test_host_and_author_char_ngrams_are_marked() -> None:
    grams = extract_signals(
        CommentSample("Nice.", author="CasinoBonusGuru", website="https://casinobonusguru.io")
    ).char_ngrams
    assert {"~sino", "~bonus", "^sino", "^bonus"} <= set(grams)
    assert " sino" not in grams  # the text block stays the text's


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Call me on +44 20 7946 0958 tonight", True),
        ("text him on 646-555-0154", True),
        ("Ruling: https://example.org/legal/2024-06-28/ruling", False),
        ("The vote on 2024-06-28 was 5-4, not 6-3.", False),
    ],
)
def test_phone_numbers_not_dates_or_scores(text: str, phone: bool) -> None:
    assert ("phone_number" in extract_signals(CommentSample(text)).meta) is phone


def test_unspaced_scripts_become_character_bigrams() -> None:
    tokens = extract_signals(CommentSample("请问烤箱怎么设 ok thanks")).tokens
    assert {"请问", "烤箱", "ok", "thanks", "ok thanks"} <= set(tokens)
    assert "请问烤箱怎么设" not in tokens
    assert "привет" in extract_signals(CommentSample("Привет всем")).tokens  # spaced: whole words


def test_non_latin_script_share() -> None:
    assert "non_latin_script" not in extract_signals(CommentSample("Plain English, café")).meta
    greek = extract_signals(CommentSample("Φέτος το Πάσχα στο χωριό ok")).meta["non_latin_script"]
    assert 0.8 < greek < 1.0


def test_words_keep_combining_marks() -> None:
    assert words(normalize("สวัสดีครับ ทุกคน")) == ["สวัสดีครับ", "ทุกคน"]
    assert words("नमस्ते दोस्तों") == ["नमस्ते", "दोस्तों"]
    assert words("don't stop my_handle") == ["don't", "stop", "my", "handle"]


def test_mixed_script_words_keep_their_latin_part() -> None:
    assert split_unspaced(["pythonで書きました", "書く"]) == [
        "python", "で書", "書き", "きま", "まし", "した", "書く",
    ]  # fmt: skip


def test_vietnamese_letters_count_as_latin() -> None:
    assert non_latin_share("Hà Nội mấy hôm nay nồm kinh khủng") == 0.0
