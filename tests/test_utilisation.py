"""Tests of analysis.utilisation against hand arithmetic."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import utilisation as u

pytestmark = pytest.mark.unit


def test_days_to_train_llama_405b_by_hand():
    # 16,000 H100 * 989e12 FLOP/s = 1.5824e19 FLOP/s peak.
    # MFU 0.38, effective 0.90: 1.5824e19 * 0.342 = 5.4118e18 FLOP/s; 3.8e25 / that
    # = 7.0217e6 s = 81.27 d. MFU 0.43: * 0.387 = 6.1239e18; 6.2052e6 s = 71.82 d.
    days = u.days_to_train(3.8e25, 16_000, 989.0, np.array([0.38, 0.43]), 0.90)
    assert_allclose(days, [81.27, 71.82], rtol=1e-3)


def test_days_to_train_rejects_percent_for_fraction():
    with pytest.raises(ValueError, match="fraction"):
        u.days_to_train(3.8e25, 16_000, 989.0, 38, 0.9)
