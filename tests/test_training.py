"""Learning from moderators: labels, retraining in the background, promotion, and the CLI."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import pytest

from commentsvc import classifier, jobs, training
from commentsvc.extensions import db
from commentsvc.models import Comment, CommentStatus
from commentsvc.spam import CommentSample
from tests.factories import Factory
from tests.helpers import auth, post_comment

# A kind of comment the built-in corpus never saw, which this site's moderators call spam.
# The default model must not send it to spam itself: each comment has to reach a moderator.
NOVEL = [
    "Eastside residents: the Harbour Parking Collective still has {n} shared bays "
    "for members, see harbourparkingcollective.org",
    "Harbour Parking Collective update {n}: monthly permits now open for Eastside "
    "residents, reserve through harbourparkingcollective.org",
    "Eastside neighbours, {n} more permits at the Harbour Parking Collective, "
    "details on harbourparkingcollective.org",
]


def _write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "author"])
        writer.writerows([(text, label, "someone") for text, label in rows])
    return path


def _probability(app, text: str) -> float:
    with app.app_context():
        model = classifier.current_model()
        assert model is not None
        return model.probability(CommentSample(text, email_domain="gmail.com"))


def _log_odds(probability: float) -> float:
    return math.log(probability / (1.0 - probability))


def test_moderator_decisions_retrain_in_the_background_and_change_scores(make_app, model_dir):
    app = make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir), RETRAIN_AFTER_LABELS=12)
    client = app.test_client()
    probe = NOVEL[0].format(n=99)
    before = _probability(app, probe)
    with app.app_context():
        site = Factory().site()
        _, token = Factory().moderator(site)
        first_version = classifier.registry().current_version()
        jobs.job_queue().empty()
    for n in range(12):
        body = NOVEL[n % 3].format(n=n)
        response = post_comment(client, body=body, website="", email=f"reader{n}@gmail.com")
        with app.app_context():
            status = db.session.get(Comment, response.get_json()["id"]).status
        if status == CommentStatus.PENDING:
            decided = client.post(
                f"/api/v1/moderation/comments/{response.get_json()['id']}",
                json={"action": "spam"},
                headers=auth(token),
            )
            assert decided.status_code == 200
    with app.app_context():
        queued = jobs.job_queue().job_ids
        assert queued == [jobs.RETRAIN_JOB_ID]
        assert len(training.moderator_labels().labels) >= 10
    jobs.make_worker(app).work(burst=True)
    with app.app_context():
        assert classifier.registry().current_version() != first_version
    after = _probability(app, probe)
    # In log-odds, which do not saturate: the default model may already lean to spam.
    assert _log_odds(after) > _log_odds(before) + 2.0, (before, after)


def test_promotion_refuses_a_model_trained_on_nonsense(make_app, model_dir, tmp_path):
    app = make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir))
    rows = [(f"ordinary remark number {i} about the weather", "spam") for i in range(12)]
    rows += [(f"BUY CHEAP PILLS http://pills{i}.xyz", "ham") for i in range(12)]
    data = _write_csv(tmp_path / "nonsense.csv", rows)
    with app.app_context():
        current = classifier.registry().current_version()
    result = app.test_cli_runner().invoke(args=["spam", "train", "--data", str(data), "--replace"])
    assert result.exit_code == 0, result.output
    assert "kept the current model" in result.output
    with app.app_context():
        assert classifier.registry().current_version() == current


def test_forced_training_and_rollback(make_app, model_dir, tmp_path):
    app = make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir))
    rows = [(f"fine comment {i} on the article", "ham") for i in range(6)]
    rows += [(f"casino bonus {i} at http://spin{i}.top", "spam") for i in range(6)]
    data = _write_csv(tmp_path / "small.csv", rows)
    runner = app.test_cli_runner()
    with app.app_context():
        original = classifier.registry().current_version()
    trained = runner.invoke(args=["spam", "train", "--data", str(data), "--replace", "--force"])
    assert trained.exit_code == 0, trained.output
    assert "promoted" in trained.output
    report = Path(trained.output.split("report: ")[1].split()[0])
    assert (report / "pr_curve.png").read_bytes().startswith(b"\x89PNG")
    assert json.loads((report / "report.json").read_text())["metrics"]["n"] > 0
    with app.app_context():
        assert classifier.registry().current_version() != original
    rolled = runner.invoke(args=["spam", "rollback"])
    assert rolled.exit_code == 0, rolled.output
    with app.app_context():
        assert classifier.registry().current_version() == original


def test_evaluate_prints_the_metrics(make_app, model_dir, tmp_path):
    app = make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir))
    rows = [
        ("Thanks for the clear write-up, the timeline helped a lot.", "0"),
        ("Does anyone know when the consultation closes?", "ham"),
        ("I disagree, the budget numbers in paragraph four do not add up.", "ham"),
        ("Earn $5000 weekly from home, WhatsApp +44 7700 900123 now", "1"),
        ("Cheap replica watches at http://best-replica-watch.shop", "spam"),
        ("CRYPTO GIVEAWAY send 0.1 BTC get 1 BTC back http://bit.ly/x2y", "spam"),
    ]
    data = _write_csv(tmp_path / "eval.csv", rows)
    runner = app.test_cli_runner()
    as_json = runner.invoke(args=["spam", "evaluate", "--data", str(data), "--json"])
    assert as_json.exit_code == 0, as_json.output
    metrics = json.loads(as_json.output)
    assert set(metrics) == {
        "precision",
        "recall",
        "f1",
        "mcc",
        "roc_auc",
        "false_positive_rate",
        "recall_at_1pct_fpr",
        "n",
    }
    assert metrics["n"] == 6
    assert 0.0 <= metrics["f1"] <= 1.0
    table = runner.invoke(args=["spam", "evaluate", "--data", str(data)])
    assert "confusion matrix" in table.output
    assert "actual spam" in table.output


def test_score_prints_probability_and_reasons(make_app, model_dir):
    app = make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir))
    text = "Visit http://cheap-pills-24.xyz for v1agra"
    result = app.test_cli_runner().invoke(
        args=["spam", "score", "--text", text, "--author", "pills-shop.xyz"]
    )
    assert result.exit_code == 0, result.output
    probability = float(result.output.split("spam probability: ")[1].split()[0])
    assert probability > 0.5
    assert "feature:" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("body,label\nhello,ham\n", "the header needs columns text"),
        ("text,label\nhello,maybe\n", "label must be spam, ham, 1 or 0"),
        ("text,label\n,spam\n", "empty text"),
        ("text,label\n", "no labelled rows"),
    ],
)
def test_bad_csv_files_are_clear_errors(make_app, model_dir, tmp_path, content, message):
    app = make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir))
    path = tmp_path / "bad.csv"
    path.write_text(content)
    result = app.test_cli_runner().invoke(args=["spam", "evaluate", "--data", str(path)])
    assert result.exit_code != 0
    assert message in result.output


def test_rejections_are_not_labels(app, make):
    site = make.site()
    article = make.article(site)
    from commentsvc import moderation

    held = [make.comment(article, CommentStatus.PENDING) for _ in range(3)]
    for comment, action in zip(held, ["approve", "reject", "spam"], strict=True):
        moderation.decide(comment, moderation.Action(action), None)
    labels = training.moderator_labels()
    assert labels.labels == ["ham", "spam"]
    assert all(s.email_domain == "example.org" for s in labels.samples)


def test_purge_deletes_only_old_spam(app, make, runner):
    from datetime import timedelta

    from commentsvc.models import Comment, utcnow

    site = make.site()
    site.settings = {"discard_spam_after_days": 30}
    db.session.commit()
    article = make.article(site)
    old = make.comment(article, CommentStatus.SPAM, updated_at=utcnow() - timedelta(days=31))
    recent = make.comment(article, CommentStatus.SPAM)
    kept = make.comment(article, CommentStatus.REJECTED, updated_at=utcnow() - timedelta(days=90))
    old_id, recent_id, kept_id = old.id, recent.id, kept.id
    result = runner.invoke(args=["spam", "purge"])
    assert "1 spam comments deleted" in result.output
    db.session.expire_all()
    assert db.session.get(Comment, old_id) is None
    assert db.session.get(Comment, recent_id) is not None
    assert db.session.get(Comment, kept_id) is not None


def test_retrain_command_reports_the_candidate(make_app, model_dir):
    app = make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir))
    result = app.test_cli_runner().invoke(args=["spam", "retrain"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^model \S+: (promoted|kept the current model)", result.output, re.M)
    assert "f1 " in result.output
    report = Path(result.output.split("report: ")[1].split()[0])
    assert (report / "report.md").exists()


def test_each_purge_schedules_the_next_under_its_own_id(app, make):
    from datetime import timedelta

    now = jobs.schedule_purge(delay=timedelta(0))
    jobs.purge_spam_job()  # the run that `now` stands for
    scheduled = jobs.job_queue().scheduled_job_registry.get_job_ids()
    following = [job_id for job_id in scheduled if job_id != now.id]
    assert len(following) == 1
    assert following[0].startswith("commentsvc-purge-")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("text,label\ncaf\xe9,ham\n".encode("latin-1"), "not UTF-8 text"),
        (b'text,label\n"' + b"x" * 200_000 + b'",spam\n', "not a readable CSV"),
    ],
)
def test_unreadable_csv_files_are_clear_errors(make_app, model_dir, tmp_path, content, message):
    app = make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir))
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = app.test_cli_runner().invoke(args=["spam", "evaluate", "--data", str(path)])
    assert result.exit_code != 0
    assert message in result.output


def test_header_names_ignore_case_and_spaces(tmp_path):
    from commentsvc.labelled_csv import read_labelled_csv

    path = tmp_path / "mixed.csv"
    path.write_text(" Text , LABEL ,Email\nhello there,ham,A@Example.ORG\n")
    data = read_labelled_csv(path)
    assert data.labels == ["ham"]
    assert data.samples[0].email_domain == "example.org"


def test_purge_keeps_spam_a_moderator_marked(app, make, runner):
    from datetime import timedelta

    from commentsvc import moderation
    from commentsvc.models import utcnow

    site = make.site()
    site.settings = {"discard_spam_after_days": 30}
    db.session.commit()
    held = make.comment(make.article(site), CommentStatus.PENDING)
    moderation.decide(held, moderation.Action.SPAM, None)
    held.updated_at = utcnow() - timedelta(days=60)
    make.comment(held.article, CommentStatus.SPAM, updated_at=utcnow() - timedelta(days=60))
    db.session.commit()
    assert "1 spam comments deleted" in runner.invoke(args=["spam", "purge"]).output
    assert training.moderator_labels().labels == ["spam"]
