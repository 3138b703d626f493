"""Label positions for crowded points (analysis.label_layout.spread)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis.label_layout import spread

pytestmark = pytest.mark.unit


def test_labels_far_apart_stay_where_they_are():
    assert_allclose(spread([5.0, 1.0, 3.0], height=1.0), [5.0, 1.0, 3.0])


def test_two_coincident_labels_straddle_their_point():
    # Two targets at 2: least squares puts them at 2 -/+ height/2.
    assert_allclose(spread([2.0, 2.0], height=0.4), [1.8, 2.2])


def test_a_block_is_centred_on_its_targets():
    # Three targets 0, 0, 0.3 with height 0.3: the block 0, 0.3, 0.6 shifted by the mean of
    # (0 - 0, 0 - 0.3, 0.3 - 0.6) = -0.2 gives -0.2, 0.1, 0.4.
    assert_allclose(spread([0.0, 0.0, 0.3], height=0.3), [-0.2, 0.1, 0.4])


def test_order_kept_and_gaps_respected_on_random_targets():
    rng = np.random.default_rng(7)
    targets = rng.uniform(0, 1, 40)
    placed = spread(targets, height=0.05)
    order = np.argsort(targets, kind="stable")
    assert np.all(np.diff(placed[order]) >= 0.05 - 1e-12)
    assert_allclose(placed.mean(), targets.mean())  # blocks are centred: no net drift


def test_negative_height_is_an_error():
    with pytest.raises(ValueError, match="height"):
        spread([1.0], height=-1.0)
