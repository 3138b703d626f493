"""analysis.roofline checked by hand: ridge points, attainable compute, decode ceiling.

Expected values are worked out by hand from the note's stated specifications
(peak TFLOP/s over TB/s; the 1e12 cancels), not taken from the code's output.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import roofline

pytestmark = pytest.mark.unit


def test_ridge_points_of_four_chips_by_hand():
    # H100 SXM FP8 dense: 1,979 / 3.35 = 590.746...; B200 FP8 dense: 2,250 / 8 = 281.25;
    # R100 FP8 dense: 16,000 / 22 = 727.27...; A100 BF16 dense: 312 / 2.039 = 153.016...
    peaks = np.array([1979.0, 2250.0, 16000.0, 312.0])
    bandwidths = np.array([3.35, 8.0, 22.0, 2.039])
    expected = np.array([590.746, 281.25, 727.273, 153.016])
    assert_allclose(roofline.ridge_point_flop_per_byte(peaks, bandwidths), expected, rtol=1e-5)


def test_attainable_is_bandwidth_bound_below_the_ridge_and_flat_above():
    # H100 FP8: at 2 FLOP/B (decode at batch 1, FP8 weights) 2 x 3.35 = 6.7 TFLOP/s;
    # at 1,000 FLOP/B, above the ridge, the peak 1,979 TFLOP/s.
    got = roofline.attainable_tflops(np.array([2.0, 1000.0]), 1979.0, 3.35)
    assert_allclose(got, [6.7, 1979.0], rtol=1e-12)


def test_b200_decode_ceiling_matches_the_note_within_one_percent():
    # 8 TB/s over 70 GB per token = 8e12 / 70e9 = 114.29 token/s; the note says ~115.
    got = roofline.decode_ceiling_tokens_per_s(8.0, 70.0)
    assert_allclose(got, 8e12 / 70e9, rtol=1e-12)
    assert_allclose(got, 115.0, rtol=0.01)


def test_fp4_roughly_doubles_the_ceiling():
    # 35 GB per token at FP4: 8e12 / 35e9 = 228.57 token/s, twice the FP8 ceiling.
    assert_allclose(roofline.decode_ceiling_tokens_per_s(8.0, 35.0), 228.571, rtol=1e-5)
