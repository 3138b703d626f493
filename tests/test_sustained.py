"""analysis.sustained: expected values worked by hand."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import sustained

pytestmark = pytest.mark.unit


def test_sustained_range_by_hand():
    low, high = sustained.sustained_range(989.5, 0.38, 0.43)
    assert_allclose([low, high], [376.01, 425.485], rtol=1e-12)
    with pytest.raises(ValueError, match="fraction"):
        sustained.sustained_range(1.0, 0.6, 0.3)


def test_decode_fraction_is_intensity_over_ridge_and_capped_at_one():
    # 47 FLOP/B against H100's dense FP8 ridge 1,979 / 3.35 = 590.7 FLOP/B: 7.96%.
    assert_allclose(sustained.decode_fraction_of_peak(47.0, 1979 / 3.35), 47 * 3.35 / 1979)
    assert sustained.decode_fraction_of_peak(900.0, 590.7) == 1.0


def test_series_and_nan():
    index = pd.Index(["H100", "B200"])
    out = sustained.decode_fraction_of_peak(pd.Series([47.0, np.nan], index=index), 590.7)
    assert isinstance(out, pd.Series) and out.index.equals(index) and np.isnan(out["B200"])
