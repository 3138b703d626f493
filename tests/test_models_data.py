"""The models table: internal consistency and the architecture numbers the chapter relies on."""

import pytest
from numpy.testing import assert_allclose

from analysis import kvcache
from analysis.data import load, lookup

pytestmark = pytest.mark.unit


def test_llama_heads_times_head_dim_is_hidden_size():
    frame = load("models")
    llama = frame[frame.model.str.startswith("Llama")]
    assert len(llama) == 3
    assert_allclose(llama.attention_heads * llama.head_dim, llama.hidden_size, rtol=0)


def test_active_never_exceeds_total():
    frame = load("models")
    assert (frame.active_parameters_billion <= frame.parameters_billion).all()


def test_deepseek_v3_moe_ratio():
    frame = load("models")
    total = lookup(frame, "model", "DeepSeek-V3", "parameters_billion")
    active = lookup(frame, "model", "DeepSeek-V3", "active_parameters_billion")
    # 671 / 37 = 18.1: the note's "~18x" fewer FLOPs per token.
    assert_allclose(total / active, 18.0, atol=0.2)


def test_llama3_70b_row_gives_320_kib_per_token():
    frame = load("models")
    row = frame.set_index("model").loc["Llama 3 70B"]
    per_token = kvcache.kv_bytes_per_token(row.layers, row.kv_heads, row.head_dim, 2)
    assert_allclose(per_token, 320 * 1024, rtol=0)


def test_ranges_are_ordered_where_both_ends_are_given():
    for table in ("throughput_benchmarks", "inference_techniques"):
        frame = load(table).dropna(subset=["value_low", "value_high"])
        assert (frame.value_low <= frame.value_high).all(), table
