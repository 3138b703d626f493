"""The power model: limits, fits against the ML.ENERGY measurements, Series and NaN."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import fleet, hardware
from analysis import power_model as pm
from analysis.data import load

pytestmark = pytest.mark.unit

#: Largest relative error the fitted curves may make at a measured point of the reference
#: configurations (Llama 3.1 70B on 4 H100 and on 2 B200). The power curve is smooth in
#: the data; the B200's throughput rises unevenly beyond a batch of 1,024, where the
#: one-parameter saturation misses by about 12%.
POWER_TOLERANCE = 0.05
THROUGHPUT_TOLERANCE = 0.13
ENERGY_TOLERANCE = 0.15
BATCHES = np.geomspace(1, 4096, 200)


@pytest.fixture(scope="module", params=["H100", "B200"])
def calibration(request):
    return fleet.calibration(request.param)


def test_module_examples_run():
    assert doctest.testmod(pm).failed == 0


def test_measured_energy_is_total_power_over_throughput():
    # The schema's reading of ML.ENERGY: avg_power_watts is the total over the GPUs, so
    # total power / output tokens per second reproduces energy per output token.
    rows = load("inference_power_measurements")
    implied = rows["power_all_gpus_W"] / rows["throughput_output_tokens_per_s"]
    assert_allclose(implied, rows["energy_per_output_token_J"], rtol=0.01)
    assert_allclose(rows["power_per_gpu_W"] * rows["n_gpus"], rows["power_all_gpus_W"], rtol=1e-3)


def test_power_fit_reproduces_the_measurements(calibration):
    fit = calibration.power
    model = pm.decode_power_W(calibration.rows["batch_size"], fit.low, fit.high, fit.scale)
    relative = model / calibration.rows["power_per_gpu_W"] - 1
    assert np.max(np.abs(relative)) <= POWER_TOLERANCE
    assert_allclose(fit.max_relative, np.max(np.abs(relative)), rtol=1e-9)


def test_throughput_fit_reproduces_the_measurements(calibration):
    fit = calibration.throughput
    model = pm.decode_throughput_tokens_per_s(calibration.rows["batch_size"], fit.high, fit.scale)
    measured = calibration.rows["throughput_output_tokens_per_s"]
    assert np.max(np.abs(model / measured - 1)) <= THROUGHPUT_TOLERANCE


def test_energy_per_token_reproduces_the_measurements(calibration):
    s = next(x for x in fleet.systems() if x.calibration.gpu == calibration.gpu)
    model = fleet.chip_J_per_token(s, calibration.rows["batch_size"].to_numpy())
    measured = calibration.rows["energy_per_output_token_J"].to_numpy()
    assert np.max(np.abs(model / measured - 1)) <= ENERGY_TOLERANCE


def test_idle_below_power_below_rating(calibration):
    fit = calibration.power
    idle = pm.idle_power_W(calibration.rated_W, 0.15)
    power = pm.serving_gpu_power_W(np.r_[0.0, 0.5, BATCHES], idle, fit.low, fit.high, fit.scale)
    assert np.all(power >= idle - 1e-9)
    assert np.all(power <= calibration.rated_W)
    assert np.all(np.diff(power) >= 0)  # more requests never lower the power
    assert pm.serving_gpu_power_W(0.0, idle, fit.low, fit.high, fit.scale) == pytest.approx(idle)


def test_energy_per_token_falls_as_batch_grows():
    for s in fleet.systems():
        energy = fleet.chip_J_per_token(s, BATCHES)
        assert np.all(np.diff(energy) < 0), s.label
        host = fleet.host_W_per_gpu(s, 0.6)
        meter = fleet.meter_J_per_token(s, BATCHES, 0.6, 1.2)
        assert np.all(np.diff(meter) < 0) and np.all(meter > energy), (s.label, host)


def test_fit_recovers_known_parameters_deterministically():
    b = np.array([8, 16, 32, 64, 128, 256, 512, 1024], dtype=float)
    truth = pm.decode_power_W(b, 430.0, 640.0, 150.0)
    first = pm.fit_decode_power(b, truth)
    assert (first.low, first.high, first.scale) == pytest.approx((430.0, 640.0, 150.0), rel=1e-5)
    assert first == pm.fit_decode_power(b, truth)
    tokens = pm.decode_throughput_tokens_per_s(b, 7300.0, 120.0)
    fit = pm.fit_decode_throughput(b, tokens)
    assert (fit.high, fit.scale) == pytest.approx((7300.0, 120.0), rel=1e-5)


def test_fit_drops_nan_points_and_needs_three():
    b = np.array([8.0, 64.0, np.nan, 512.0, 1024.0])
    y = pm.decode_power_W(np.nan_to_num(b), 430.0, 640.0, 150.0)
    assert pm.fit_decode_power(b, y).points == 4
    with pytest.raises(ValueError, match="three"):
        pm.fit_decode_power([8.0, np.nan], [400.0, 500.0])


def test_series_in_series_out_and_nan():
    batch = pd.Series([8.0, np.nan, 256.0], index=["a", "b", "c"])
    power = pm.decode_power_W(batch, 430.0, 640.0, 150.0)
    assert isinstance(power, pd.Series) and list(power.index) == ["a", "b", "c"]
    assert np.isnan(power["b"]) and not np.isnan(power["a"])
    serving = pm.serving_gpu_power_W(batch, 100.0, 430.0, 640.0, 150.0)
    assert isinstance(serving, pd.Series) and np.isnan(serving["b"])
    energy = pm.energy_per_token_J(power * 4, pm.decode_throughput_tokens_per_s(batch, 7e3, 120))
    assert isinstance(energy, pd.Series) and energy.index.equals(batch.index)


def test_host_and_server_power_by_hand():
    # DGX H100: 10.2 kW rated, 8 x 700 W = 5.6 kW of GPUs, 4.6 kW beyond; 60% of it: 2.76 kW.
    host = pm.host_power_W(10_200.0, 8, 700.0, 0.6)
    assert host == pytest.approx(2760.0)
    # Training at 90%: 8 x 630 W + 2.76 kW = 7.8 kW; at a PUE of 1.2, 9.36 kW at the meter.
    assert pm.meter_power_W(pm.server_power_W(630.0, 8, host), 1.2) == pytest.approx(9360.0)


def test_modelled_training_node_lies_in_the_measured_range():
    model, measured = fleet.node_training_kW(), fleet.measured_node_training_kW()
    # Newkirk et al.: 76% of 10.2 kW = 7.752 kW; Latif et al.: 8.4 kW.
    assert (measured.low, measured.high) == pytest.approx((7.752, 8.4))
    assert measured.low <= model.central <= measured.high


def test_bandwidth_ceiling_by_hand():
    # 4 H100 at 3.35 TB/s read 141 GB of weights and 8 x 0.33 GB of KV cache per step:
    # 8 x 13.4e12 / (141e9 + 8 x 0.33e9) = 746.5 token/s.
    ceiling = pm.bandwidth_ceiling_tokens_per_s(8, 4, 3.35, 141.0, 0.33)
    assert ceiling == pytest.approx(8 * 13.4e12 / (141e9 + 8 * 0.33e9))


def test_inverse_of_throughput():
    b = np.array([1.0, 10.0, 100.0, 1000.0])
    rate = pm.decode_throughput_tokens_per_s(b, 7300.0, 120.0)
    assert_allclose(pm.batch_for_throughput(rate, 7300.0, 120.0), b, rtol=1e-12)
    with pytest.raises(ValueError, match="fitted maximum"):
        pm.batch_for_throughput(7300.0, 7300.0, 120.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: pm.idle_power_W(700.0, 15), "fraction"),
        (lambda: pm.training_power_W(700.0, 90), "fraction"),
        (lambda: pm.decode_power_W(-1.0, 400.0, 600.0, 100.0), "negative"),
        (lambda: pm.decode_power_W(8.0, 400.0, 600.0, 0.0), "positive"),
        (lambda: pm.meter_power_W(1000.0, 0.9), "PUE"),
        (lambda: pm.host_power_W(5000.0, 8, 700.0, 0.5), "below the sum"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_system_gpu_ratings_agree_with_the_accelerator_table():
    # A GPU's rating as configured in a system (system_power.csv) must match the
    # accelerators table wherever that table has a row for the same variant.
    accelerators = hardware.device_table(load("accelerators"), load("accelerator_specs")).set_index(
        "device"
    )
    systems = load("system_power")
    compared = 0
    for row in systems.itertuples():
        if row.gpu_device in accelerators.index:
            assert row.gpu_power_W == accelerators.loc[row.gpu_device, "tdp_W"], row.system
            compared += 1
    assert compared >= 4  # DGX H100, DGX B200 and the two H100 node measurements


def test_measurements_name_known_models_and_devices():
    rows = load("inference_power_measurements")
    assert set(rows["book_model"]) <= set(load("models")["model"])
    assert set(rows["gpu_device"]) <= set(load("accelerators")["device"])
    assert (rows["verified"] == "primary").all()
    assert rows["source_locator"].str.contains("@").all()  # repository path@commit


def test_long_context_throughput_by_hand():
    # 1,000 token/s measured; each token must also read 8 GB more cache at 62% of
    # 4 x 3.35 TB/s = 8,308 GB/s: 1 ms + 0.963 ms a token, 509.4 token/s.
    T = pm.long_context_tokens_per_s(1000.0, 8.0, 4, 3.35, 0.62)
    assert T == pytest.approx(1.0 / (1e-3 + 8.0 / 8308.0))
    assert T == pytest.approx(509.44, abs=0.01)
    # No extra cache: the measured rate; more cache or less bandwidth: slower.
    assert pm.long_context_tokens_per_s(1000.0, 0.0, 4, 3.35, 0.62) == pytest.approx(1000.0)
    assert pm.long_context_tokens_per_s(1000.0, 16.0, 4, 3.35, 0.62) < T
    assert pm.long_context_tokens_per_s(1000.0, 8.0, 4, 3.35, 0.5) < T
    with pytest.raises(ValueError, match="fraction"):
        pm.long_context_tokens_per_s(1000.0, 8.0, 4, 3.35, 62.0)


def test_the_notes_reasoning_query_by_hand():
    # The note's 50,000-token answer on the measured 4 x H100 server of Llama 3.1 70B, at
    # central assumptions (context 1,000 tokens, host share 0.6, PUE 1.2), worked from the
    # tables: 4 x 80 GiB = 343.6 GB; BF16 weights 70e9 x 2 B = 140 GB; 327,680 B a token.
    rows = load("inference_power_measurements")
    rows = rows[(rows["book_model"] == "Llama 3 70B") & (rows["gpu"] == "H100")]
    free_GB = 4 * 80 * 2**30 / 1e9 - 140.0
    prompt = 1000 - rows["avg_output_tokens"].mean() / 2  # chat context less half a reply
    mean_GB = (prompt + 25_000) * 327_680 / 1e9  # 8.46 GB held on average
    full_GB = (prompt + 50_000) * 327_680 / 1e9  # 16.7 GB at the end of the answer
    assert (int(free_GB // mean_GB), int(free_GB // full_GB)) == (24, 12)
    # Bandwidth share where memory binds: measured 469.7 token/s at a batch of 8 against
    # 8 x 13.4 TB/s / (140 GB + 8 x 0.328 GB) = 751.6 token/s.
    first = rows.sort_values("batch_size").iloc[0]
    share = first.throughput_output_tokens_per_s / (8 * 13.4e3 / (140.0 + 8 * 0.32768))
    assert share == pytest.approx(0.6249, abs=1e-4)
    fit = fleet.calibration("H100")
    chat_T = fit.throughput.high * 24 / (24 + fit.throughput.scale)
    extra_GB = (mean_GB * 1e9 / 327_680 - 1000) * 327_680 / 1e9  # beyond a chat request
    T = 1 / (1 / chat_T + extra_GB / (share * 13.4e3))
    power = fit.power.high - (fit.power.high - fit.power.low) * np.exp(-24 / fit.power.scale)
    host = 0.6 * (10_200 - 8 * 700) / 8  # W per GPU: 345 W
    wh = 1.2 * 4 * (power + host) * 50_000 / T / 3600
    q = fleet.query_at(fleet.system("DGX H100"), 50_000, 128, 1000.0, share, 0.6, 1.2)
    got = dict(zip(fleet.QUERY_FIELDS, q, strict=True))
    assert (got["batch_full"], got["batch"]) == (12, 24)
    assert got["tokens_per_s"] == pytest.approx(T, rel=1e-9)
    assert got["gpu_s"] == pytest.approx(4 * 50_000 / T, rel=1e-9)  # about 360 GPU-seconds
    assert got["minutes"] == pytest.approx(24 * 50_000 / T / 60, rel=1e-9)
    assert got["meter_Wh"] == pytest.approx(wh, rel=1e-9)
    assert 350 < got["gpu_s"] < 370 and 90 < got["meter_Wh"] < 100


def test_a_chat_reply_costs_the_measured_rate():
    # At the chat reply's own length the model adds no cache reads: energy per token is
    # the fitted curves' at the peak batch, and the batch is the peak batch (it fits).
    s = fleet.system("DGX H100")
    tokens = fleet.chat_tokens(s)
    share = fleet.memory_bound_share(s, 1000.0)
    q = dict(zip(fleet.QUERY_FIELDS, fleet.query_at(s, tokens, 128, 1000.0, share, 0.6, 1.2),
                 strict=True))  # fmt: skip
    assert q["batch"] == 128
    expected = fleet.meter_J_per_token(s, 128, 0.6, 1.2) * tokens / 3600
    assert q["meter_Wh"] == pytest.approx(float(expected), rel=1e-9)


def test_query_ranges_bracket_random_draws():
    # query_cost evaluates its ranges at the corners of the assumptions; the memory cap
    # and the bandwidth share both move with the context, so draw inside the box, with
    # the share that goes with each drawn context.
    s = fleet.system("DGX H100")
    q = fleet.query_cost(s, 50_000)
    rng = np.random.default_rng(3)
    names = ("serving_peak_batch", "kv_context_tokens", "host_power_share", "pue")
    ranges = [fleet.a(n) for n in names]
    for _ in range(60):
        b, ctx, h, p = (rng.uniform(r.low, r.high) for r in ranges)
        share = fleet.memory_bound_share(s, ctx)
        got = dict(zip(fleet.QUERY_FIELDS, fleet.query_at(s, 50_000, b, ctx, share, h, p),
                       strict=True))  # fmt: skip
        for name in ("gpu_s", "meter_Wh", "batch"):
            assert q[name].low - 1e-9 <= got[name] <= q[name].high + 1e-9, name


def test_an_answer_too_long_for_memory_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        fleet.query_at(fleet.system("DGX H100"), 2_000_000, 128, 1000.0, 0.62, 0.6, 1.2)
