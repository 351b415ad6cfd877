"""The normalised gain on hand-computed cases, without the app."""

from __future__ import annotations

import pytest

from workshop.evaluations.services import class_summary, normalised_gain


@pytest.mark.parametrize(
    ("pre", "post", "maximum", "gain"),
    [
        (4, 7, 10, 0.5),  # (7-4)/(10-4)
        (0, 10, 10, 1.0),
        (5, 5, 10, 0.0),
        (6, 4, 10, -0.5),  # a decline is a negative gain
        (2, 5, 5, 1.0),
        (9, 10, 10, 1.0),
    ],
)
def test_gain_by_hand(pre, post, maximum, gain):
    assert normalised_gain(pre, post, maximum) == pytest.approx(gain)


@pytest.mark.parametrize(("pre", "post"), [(10, 10), (10, 8)])
def test_gain_is_undefined_when_pre_is_the_maximum(pre, post):
    assert normalised_gain(pre, post, 10) is None


def test_class_gain_from_class_means():
    # Four people took both tests; one more took only the pre-test, one only the post-test.
    pre = {1: 4, 2: 6, 3: 10, 4: 2, 5: 3}
    post = {1: 7, 2: 5, 3: 10, 4: 8, 6: 9}
    summary = class_summary(pre, post, 10)
    assert summary.pre.count == 5 and summary.pre.mean == pytest.approx(5.0)
    assert summary.post.count == 5 and summary.post.mean == pytest.approx(7.8)
    assert summary.paired == 4
    # Means of the paired people: pre (4+6+10+2)/4 = 5.5, post (7+5+10+8)/4 = 7.5:
    # g = (7.5 - 5.5) / (10 - 5.5) = 0.444…
    assert summary.class_gain == pytest.approx(2 / 4.5)
    # Person 3 had the maximum already: their own gain is undefined and left out.
    assert summary.gains[3] is None and summary.excluded == 1
    # Individual gains: 3/6, -1/4, 6/8 -> mean 1/3
    assert summary.mean_individual_gain == pytest.approx((0.5 - 0.25 + 0.75) / 3)
    assert (summary.improved, summary.same, summary.declined) == (2, 1, 1)


def test_class_gain_undefined_when_everyone_starts_at_the_maximum():
    summary = class_summary({1: 5, 2: 5}, {1: 5, 2: 4}, 5)
    assert summary.class_gain is None
    assert summary.mean_individual_gain is None
    assert summary.excluded == 2


def test_no_pairs_no_gain():
    summary = class_summary({1: 3}, {}, 5)
    assert summary.paired == 0 and summary.class_gain is None
    assert summary.post.mean is None
