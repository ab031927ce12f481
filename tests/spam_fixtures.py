"""Small, deterministic training data and a process-cached model for the spam tests."""

from __future__ import annotations

import random
from functools import lru_cache

from commentsvc.spam import CommentSample, TrainedModel, train

HAM_TEMPLATES = (
    "Thanks for the article about the {topic}, it explained the council vote well.",
    "I disagree about the {topic}; the figures in the second chart look wrong to me.",
    "Does anyone know when the {topic} consultation closes? I want to write in.",
    "My grandmother lived near the {topic} for years, lovely to see it covered.",
    "Small correction: the {topic} opened in 1998, not 1989.",
    "Interesting read. The {topic} debate needs more voices like this.",
)
SPAM_TEMPLATES = (
    "Buy cheap viagra and cialis online now, best pills price at http://pharma-{n}.ru",
    "Earn $5000 weekly from home with crypto trading, contact my mentor bit.ly/earn{n}",
    "Hot singles near you waiting tonight, click www.dates-{n}.xyz for free",
    "Best casino bonus: 200 free spins today only at http://casino{n}.top",
    "Great post! Also check our SEO backlink services http://seo-{n}.biz cheap",
    "Payday loans approved in minutes, no credit check, apply at loans{n}.online",
    "Cheap viagra pills without prescription, discreet delivery, order today",
    "Make money fast with bitcoin, my mentor doubled my savings, message him",
)
TOPICS = ("bridge", "library", "river path", "bus depot", "school", "market", "old mill")
HAM_AUTHORS = ("Anna", "Bob K.", "jmiller", "Priya", "Tom W.")
SPAM_AUTHORS = ("Best Cheap Pills Online", "casino-bonus.top", "Mike", "SEO Services Agency")


def make_dataset(n_per_class: int = 120, seed: int = 0) -> tuple[list[CommentSample], list[str]]:
    """Balanced toy comments; spam has links and commercial authors, ham is local chatter."""
    rng = random.Random(seed)
    samples: list[CommentSample] = []
    labels: list[str] = []
    for i in range(n_per_class):
        ham = rng.choice(HAM_TEMPLATES).format(topic=rng.choice(TOPICS))
        samples.append(CommentSample(ham, author=rng.choice(HAM_AUTHORS), email_domain="gmail.com"))
        spam = rng.choice(SPAM_TEMPLATES).format(n=i % 9)
        author = rng.choice(SPAM_AUTHORS)
        samples.append(
            CommentSample(spam, author=author, email_domain=rng.choice(("gmail.com", "mail.ru")))
        )
        labels += ["ham", "spam"]
    return samples, labels


@lru_cache(maxsize=1)
def toy_model() -> TrainedModel:
    """A model trained once per process on the default toy dataset (shared by test files)."""
    samples, labels = make_dataset()
    return train(samples, labels, random_state=0)
