"""analysis.parallelism against hand arithmetic on the Llama 3 405B layouts (Table 4)."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import parallelism
from analysis.data import load

pytestmark = pytest.mark.unit


def test_groups_multiply_to_the_gpu_count_of_every_stored_layout():
    # Table 4: 8 x 1 x 16 x 64 = 8,192 and 8 x 1 x 16 x 128 = 16,384.
    layouts = load("parallelism_layouts")
    got = parallelism.layout_gpus(
        layouts["tensor_parallel"], layouts["context_parallel"],
        layouts["pipeline_parallel"], layouts["data_parallel"],
    )  # fmt: skip
    assert_allclose(got, layouts["gpus"], rtol=0)


def test_shard_of_405b_over_tp8_pp16():
    # 405 / 128 = 3.1640625 billion parameters a GPU.
    assert_allclose(parallelism.shard_size_billion(405.0, 8, 16), 3.1640625, rtol=1e-12)


def test_tokens_per_step_match_the_papers_16m_in_binary_millions():
    # 8,192 x 16 x 128 = 8,192 x 32 x 64 = 2**24 = 16,777,216, printed '16M' (16 x 2**20).
    got = parallelism.tokens_per_step(8192, np.array([16, 32]), np.array([128, 64]))
    assert_allclose(got, [2**24, 2**24], rtol=0)
    assert_allclose(got / 2**20, [16.0, 16.0], rtol=0)


def test_step_time_by_hand():
    # 6 x 405e9 x 2**24 = 4.0768e19 FLOP over 16,384 x 400e12 FLOP/s = 6.5536e18: 6.2207 s.
    got = parallelism.step_compute_time_s(405.0, 2**24, 16384, 400.0)
    assert_allclose(got, 6 * 405e9 * 2**24 / (16384 * 400e12), rtol=1e-12)
    assert_allclose(got, 6.2207, rtol=1e-4)


def test_series_keep_their_index():
    shard = parallelism.shard_size_billion(pd.Series([405.0, 70.0], index=["a", "b"]), 8, 16)
    assert list(shard.index) == ["a", "b"]


def test_errors_say_what_to_fix():
    with pytest.raises(ValueError, match="at least 1"):
        parallelism.shard_size_billion(405.0, 0, 16)
    with pytest.raises(ValueError, match="must be positive"):
        parallelism.step_compute_time_s(405.0, 1e6, 16384, 0.0)
