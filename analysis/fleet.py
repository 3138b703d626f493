"""The book's fleets: the power model and load shapes with its data and assumptions.

The domain modules (:mod:`analysis.power_model`, :mod:`analysis.load_shapes`) take
numbers and return numbers. This module feeds them the book's tables and assumptions and
returns the derived figures as :class:`analysis.ranges.Range` objects, evaluated at the
corners of the assumption ranges (:func:`analysis.ranges.propagate`). Chapters 5, 8 and
11 and the summary page take their power and load figures from here, so each number has
one computation. The decode curves are fitted to ML.ENERGY's measurements of Llama 3.1
70B (:data:`REFERENCE_MODEL`; mlenergy-leaderboard-v3); power per GPU of other variants
of a GPU (a B200 at 1,200 W in GB200 NVL72) scales with its rating.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import assumptions, hardware, kvcache, precision, workloads
from analysis import load_shapes as ls
from analysis import power_model as pm
from analysis.data import load, lookup
from analysis.ranges import Range, propagate
from analysis.sustained import achieved_tflops
from analysis.utilisation import days_to_train

#: The served model whose measurements calibrate the decode curves (a row of models.csv).
REFERENCE_MODEL = "Llama 3 70B"
#: Rows of system_power.csv that rate a whole system (the others are measurements).
RATED = ("rated maximum", "reported rack power")
W_PER_MW = 1e6
HOURS_PER_YEAR = 8760.0
SECONDS_PER_HOUR = 3600.0


def a(name: str) -> Range:
    """Assumption ``name`` as a Range (short alias of :func:`analysis.assumptions.get`)."""
    return assumptions.get(name)


@dataclass(frozen=True)
class Calibration:
    """Decode curves of one GPU fitted to the reference model's measurements."""

    gpu: str
    n_gpus: int
    rated_W: float
    power: pm.SaturatingFit
    throughput: pm.SaturatingFit
    rows: pd.DataFrame

    @property
    def served(self) -> str:
        """The model as ML.ENERGY served it, such as ``"Llama 3.1 70B"``."""
        return str(self.rows["configuration"].iloc[0]).split(" on ")[0]

    @property
    def server(self) -> str:
        """The measured server (one model replica), such as ``"4 × H100"``."""
        return f"{self.n_gpus} × {self.gpu}"


def calibration(gpu: str) -> Calibration:
    """Fit power per GPU and server throughput against batch for ``gpu`` (H100 or B200)."""
    table = load("inference_power_measurements")
    rows = table[(table["book_model"] == REFERENCE_MODEL) & (table["gpu"] == gpu)]
    if rows.empty or rows["n_gpus"].nunique() != 1:
        raise KeyError(f"inference_power_measurements.csv: no single {REFERENCE_MODEL} on {gpu}")
    return Calibration(
        gpu,
        int(rows["n_gpus"].iloc[0]),
        float(rows["gpu_max_power_W"].iloc[0]),
        pm.fit_decode_power(rows["batch_size"], rows["power_per_gpu_W"]),
        pm.fit_decode_throughput(rows["batch_size"], rows["throughput_output_tokens_per_s"]),
        rows.reset_index(drop=True),
    )


@dataclass(frozen=True)
class System:
    """A rated server or rack: its GPUs, their rating as configured, the system rating."""

    name: str
    gpu_device: str
    gpus: int
    gpu_W: float
    rated_W: float
    calibration: Calibration

    @property
    def label(self) -> str:
        return f"{self.gpu_device} in {self.name}"


def systems() -> list[System]:
    """The rated systems of ``system_power.csv``, each with the decode curves of its GPU."""
    table = load("system_power")
    gpus = load("inference_power_measurements")["gpu"].unique()
    found = []
    for row in table[table["measure"].isin(RATED)].itertuples():
        family = [g for g in gpus if row.gpu_device.startswith(g)]
        if len(family) != 1:
            raise KeyError(f"system_power.csv: no measured GPU family for {row.gpu_device!r}")
        found.append(
            System(
                row.system,
                row.gpu_device,
                int(row.gpus),
                float(row.gpu_power_W),
                float(row.power_kW) * 1e3,
                calibration(family[0]),
            )
        )
    return found


def system(name: str) -> System:
    """One rated system by name (e.g. ``"DGX H100"``)."""
    for s in systems():
        if s.name == name:
            return s
    raise KeyError(f"system_power.csv: no rated system {name!r}")


def host_W_per_gpu(s: System, host_share: float) -> float:
    """Host power per GPU of system ``s`` [W] (:func:`analysis.power_model.host_power_W`)."""
    return pm.host_power_W(s.rated_W, s.gpus, s.gpu_W, host_share) / s.gpus


def decode_W(s: System, batch) -> np.ndarray:
    """Decode power per GPU of ``s`` at ``batch`` [W]: the fit, scaled to its rating."""
    fit = s.calibration.power
    return pm.decode_power_W(batch, fit.low, fit.high, fit.scale) * s.gpu_W / s.calibration.rated_W


def gpu_W(s: System, state: str, idle: float, train: float, batch: float = 0.0) -> float:
    """GPU power in a state (``idle``, ``training``, ``serving``) [W], shares of rating."""
    if state == "idle":
        return pm.idle_power_W(s.gpu_W, idle)
    if state == "training":
        return pm.training_power_W(s.gpu_W, train)
    if state == "serving":
        return float(decode_W(s, batch))
    raise ValueError(f"state must be idle, training or serving; got {state!r}")


def decode_share(s: System) -> Range:
    """Decode power per GPU at the fleet's peak batch over the GPU's rating [-]."""
    return propagate(lambda b: float(decode_W(s, b)) / s.gpu_W, a("serving_peak_batch"))


def arithmetic_share(s: System, batch: float) -> float:
    """Share of the GPUs' dense BF16 peak that decode at ``batch`` computes with [-].

    The fitted throughput at the batch times 2 FLOP per parameter per token, over the
    measured server's dense peak (:func:`analysis.sustained.achieved_tflops`).
    """
    c = s.calibration
    params = lookup(load("models"), "model", REFERENCE_MODEL, "parameters_billion")
    tokens_s = pm.decode_throughput_tokens_per_s(batch, c.throughput.high, c.throughput.scale)
    device = c.rows["gpu_device"].iloc[0]
    peak = hardware.dense_peak(load("accelerator_compute"), device, "BF16")
    return float(achieved_tflops(tokens_s, params, c.n_gpus) / peak)


def meter_MW_per_fleet(s: System, state: str) -> Range:
    """Power at the meter of a fleet of ``reference_fleet_gpus`` GPUs in a state [MW].

    ``nameplate``: the system rating per GPU; ``idle``, ``training``, ``serving`` (at the
    peak batch): GPU power plus host power. Times PUE.
    """

    def power(idle, train, host, batch, pue, gpus):
        if state == "nameplate":
            it_W = s.rated_W / s.gpus
        else:
            it_W = gpu_W(s, state, idle, train, batch) + host_W_per_gpu(s, host)
        return pm.meter_power_W(it_W * gpus, pue) / W_PER_MW

    return propagate(
        power,
        a("gpu_idle_power_fraction"),
        a("training_gpu_power_fraction"),
        a("host_power_share"),
        a("serving_peak_batch"),
        a("pue"),
        a("reference_fleet_gpus").central,
    )


def node_training_kW(name: str = "DGX H100") -> Range:
    """Modelled power of one server in training [kW], against the node measurements."""
    s = system(name)
    return propagate(
        lambda train, host: (
            pm.server_power_W(
                pm.training_power_W(s.gpu_W, train), s.gpus, host_W_per_gpu(s, host) * s.gpus
            )
            / 1e3
        ),
        a("training_gpu_power_fraction"),
        a("host_power_share"),
    )


def measured_node_training_kW() -> Range:
    """Measured training power of HGX H100 nodes [kW]: the two studies' figures."""
    table = load("system_power")
    rated = lookup(table, "system", "DGX H100", "power_kW")
    rows = table[table["measure"].str.startswith("measured")]
    values = rows["power_kW"].fillna(rows["share_of_rated_fraction"] * rated)
    return Range.from_bounds(float(values.min()), float(values.max()))


def training_run() -> dict[str, Range]:
    """Llama 3.1 405B: days, cluster power at the meter [MW] and energy [MWh].

    Also ``share_of_rating``: the cluster's average IT power over its servers' rating.
    """
    run = load("training_runs").set_index("run").loc["Llama 3.1 405B"]
    s = next(x for x in systems() if x.gpu_device == run.gpu_device)
    peak = hardware.dense_peak(load("accelerator_compute"), run.gpu_device, run.precision)
    mfu = Range.from_bounds(run.mfu_low, run.mfu_high)
    ett = float(run.effective_training_time_low)
    days = propagate(days_to_train, run.reported_compute_FLOP, run.gpus, peak, mfu, ett)

    def per_gpu_W(idle, train, host):
        running = gpu_W(s, "training", idle, train)
        restarting = gpu_W(s, "idle", idle, train)
        return ett * running + (1 - ett) * restarting + host_W_per_gpu(s, host)

    shares = (a("gpu_idle_power_fraction"), a("training_gpu_power_fraction"), a("host_power_share"))
    power = propagate(
        lambda i, t, h, pue: pm.meter_power_W(per_gpu_W(i, t, h) * run.gpus, pue) / W_PER_MW,
        *shares,
        a("pue"),
    )
    energy = propagate(lambda d, p: d * 24 * p, days, power)
    share = propagate(lambda i, t, h: per_gpu_W(i, t, h) * s.gpus / s.rated_W, *shares)
    return {
        "days": days,
        "cluster_MW": power,
        "energy_MWh": energy,
        "gpus": Range.point(run.gpus),
        "share_of_rating": share,
    }


def _expand(frame: pd.DataFrame, name: str, value: Range) -> pd.DataFrame:
    """Add a Range as three columns: ``<name>_low``, ``<name>_central``, ``<name>_high``."""
    for end, v in zip(("low", "central", "high"), value.as_tuple(), strict=True):
        frame[f"{name}_{end}"] = v
    return frame


def reasoning_multiplier() -> Range:
    """Output tokens of a reasoning query over a chat query [-]: the note's 10-100x.

    The note's own range (claim ``s1_reasoning_token_multiple``, citing raschka-reasoning,
    which could not be read): used as stated, a note-only figure.
    """
    claims = load("claims")
    return Range.from_bounds(
        float(lookup(claims, "claim_id", "s1_reasoning_token_multiple", "value_low")),
        float(lookup(claims, "claim_id", "s1_reasoning_token_multiple", "value_high")),
    )


def chat_tokens(s: System) -> float:
    """Output tokens of a chat query [token]: the measured mean for the reference model."""
    return float(s.calibration.rows["avg_output_tokens"].mean())


def meter_J_per_token(s: System, batch, host, pue) -> np.ndarray:
    """Energy per output token at the meter [J]: (GPU + host power) x PUE / throughput."""
    c = s.calibration
    tokens_s = pm.decode_throughput_tokens_per_s(batch, c.throughput.high, c.throughput.scale)
    it_W = c.n_gpus * (decode_W(s, batch) + host_W_per_gpu(s, host))
    return pm.meter_power_W(pm.energy_per_token_J(it_W, tokens_s), pue)


def chip_J_per_token(s: System, batch) -> np.ndarray:
    """Energy per output token at the chip (GPUs only) [J], from the fitted curves."""
    c = s.calibration
    tokens_s = pm.decode_throughput_tokens_per_s(batch, c.throughput.high, c.throughput.scale)
    return pm.energy_per_token_J(c.n_gpus * decode_W(s, batch), tokens_s)


def token_energy(s: System, batch) -> pd.DataFrame:
    """Energy per token and per chat reply against batch, at the chip and at the meter.

    Columns: ``batch``; ``chip_J`` (modelled GPU energy per output token, J);
    ``chip_kWh_per_Mtok``; ``meter_kWh_per_Mtok_*`` (plus host power, times PUE);
    ``chat_Wh_chip``, ``chat_Wh_meter_*``; ``chat_gpu_s`` (GPU-seconds a reply holds:
    n_gpus x tokens / server throughput, a share of the GPUs for longer, not a whole
    GPU). ``*`` is low, central and high over the assumption ranges. Long answers read
    more cache per token: see :func:`query_cost`.
    """
    c = s.calibration
    b = np.asarray(batch, dtype=float)
    tokens_s = pm.decode_throughput_tokens_per_s(b, c.throughput.high, c.throughput.scale)
    chip = chip_J_per_token(s, b)
    per_query = chat_tokens(s) / SECONDS_PER_HOUR  # J per token -> Wh per chat query
    meter = propagate(lambda h, p: meter_J_per_token(s, b, h, p), a("host_power_share"), a("pue"))
    frame = pd.DataFrame(
        {
            "batch": b,
            "chip_J": chip,
            "chip_kWh_per_Mtok": pm.kwh_per_million_tokens(chip),
            "chat_Wh_chip": chip * per_query,
            "chat_gpu_s": c.n_gpus * chat_tokens(s) / tokens_s,
        }
    )
    _expand(frame, "meter_kWh_per_Mtok", meter.scale(1e6 / pm.J_PER_KWH))
    return _expand(frame, "chat_Wh_meter", meter.scale(per_query))


@dataclass(frozen=True)
class ServerMemory:
    """The reference model on the measured server of a system: what memory holds and moves.

    ``weights_GB``: BF16 weights [GB]; ``kv_B_per_token``: BF16 KV cache per token [B];
    ``memory_GB``: the server's GPU memory, binary GiB expressed in GB [GB];
    ``bandwidth_TB_per_s``: peak memory bandwidth of one GPU [TB/s]; ``gpus`` [-].
    """

    weights_GB: float
    kv_B_per_token: float
    memory_GB: float
    bandwidth_TB_per_s: float
    gpus: int


def server_memory(s: System) -> ServerMemory:
    """Memory figures of the reference model on the measured server of ``s``."""
    c = s.calibration
    model = load("models").set_index("model").loc[REFERENCE_MODEL]
    bf16 = precision.bytes_per_value("BF16")
    device = c.rows["gpu_device"].iloc[0]
    devices = hardware.device_table(load("accelerators"), load("accelerator_specs"))
    return ServerMemory(
        float(workloads.resident_memory_gb(model.parameters_billion, bf16)),
        float(kvcache.kv_bytes_per_token(model.layers, model.kv_heads, model.head_dim, bf16)),
        float(c.n_gpus * hardware.gib_to_gb(lookup(devices, "device", device, "memory_GiB"))),
        float(lookup(devices, "device", device, "memory_bandwidth_TB_per_s")),
        c.n_gpus,
    )


def bandwidth_ceiling(s: System) -> pd.DataFrame:
    """Measured throughput against the memory-bandwidth ceiling, per measured batch.

    The ceiling reads the reference model's BF16 weights once per step and each request's
    KV cache at the assumed context (``kv_context_tokens``), over the server's GPUs
    (:func:`analysis.power_model.bandwidth_ceiling_tokens_per_s`).
    """
    c = s.calibration
    b = c.rows["batch_size"].to_numpy(dtype=float)
    measured = c.rows["throughput_output_tokens_per_s"].to_numpy(dtype=float)
    ceiling = propagate(lambda ctx: _ceiling(s, b, ctx), a("kv_context_tokens"))
    frame = pd.DataFrame({"batch": b, "measured_tokens_per_s": measured})
    _expand(frame, "ceiling_tokens_per_s", ceiling)
    return _expand(frame, "fraction", propagate(lambda x: measured / x, ceiling))


def _ceiling(s: System, batch, context_tokens: float):
    """Bandwidth ceiling of the measured server at ``batch`` and a context [token/s]."""
    m = server_memory(s)
    kv_GB = kvcache.kv_bytes_per_request(m.kv_B_per_token, context_tokens) / 1e9
    return pm.bandwidth_ceiling_tokens_per_s(
        batch, m.gpus, m.bandwidth_TB_per_s, m.weights_GB, kv_GB
    )


def memory_bound_share(s: System, context_tokens: float) -> float:
    """Share of the bandwidth ceiling the server reaches at its smallest measured batch [-].

    There memory binds most (the weights dominate the bytes read), so this is the share
    of peak bandwidth the server sustains on memory reads.
    """
    rows = s.calibration.rows.sort_values("batch_size").iloc[0]
    ceiling = _ceiling(s, float(rows.batch_size), context_tokens)
    return float(rows.throughput_output_tokens_per_s / ceiling)


def interruptions_per_day() -> float:
    """Llama 3's job interruptions per day in its 54-day snapshot [1/d]."""
    row = load("utilisation").set_index("measure").loc["interruptions_in_snapshot"]
    return float(row.events_count / row.period_days)


def training_swings(s: System | None = None) -> dict[str, Range]:
    """Synchronous swings of the Llama 3.1 405B cluster, at the servers [MW] and per second.

    ``start_stop_MW``: every GPU between training and idle (a job starts, stops or
    restarts); ``stall_MW``: between training and the level while it waits for a
    checkpoint or a collective; ``*_MW_per_s``: over ``training_ramp_seconds``;
    ``start_stop_share``: the start/stop swing as a share of the cluster's IT power in
    training; ``per_day``: interruptions a day, each a stop and a restart. IT power: the
    cooling plant follows over minutes, not seconds.
    """
    run = load("training_runs").set_index("run").loc["Llama 3.1 405B"]
    s = s or next(x for x in systems() if x.gpu_device == run.gpu_device)

    def swing(train, to_fraction):
        return (
            -ls.synchronous_swing_W(
                run.gpus, pm.training_power_W(s.gpu_W, train), s.gpu_W * to_fraction
            )
            / W_PER_MW
        )

    start_stop = propagate(swing, a("training_gpu_power_fraction"), a("gpu_idle_power_fraction"))
    stall = propagate(
        swing, a("training_gpu_power_fraction"), a("training_stall_gpu_power_fraction")
    )
    seconds = a("training_ramp_seconds")

    def share(train, idle, host):
        return (train - idle) * s.gpu_W / (train * s.gpu_W + host_W_per_gpu(s, host))

    return {
        "gpus": Range.point(float(run.gpus)),
        "start_stop_MW": start_stop,
        "stall_MW": stall,
        "start_stop_MW_per_s": propagate(lambda m, t: m / t, start_stop, seconds),
        "stall_MW_per_s": propagate(lambda m, t: m / t, stall, seconds),
        "start_stop_share": propagate(
            share,
            a("training_gpu_power_fraction"),
            a("gpu_idle_power_fraction"),
            a("host_power_share"),
        ),
        "per_day": Range.point(interruptions_per_day()),
    }


def global_data_centre_TWh() -> float:
    """The IEA's global data-centre electricity use for 2024 [TWh], seen only as reported."""
    row = load("grid_context").set_index("item").loc["global_data_centre_electricity"]
    return float(row.value_low)


#: Quantities of :func:`query_cost`, in the order :func:`query_at` returns them.
QUERY_FIELDS = ("batch_full", "batch", "tokens_per_s", "gpu_s", "minutes", "chip_Wh", "meter_Wh")


def query_at(s: System, tokens, batch, context_tokens, share, host, pue) -> np.ndarray:
    """One query of ``tokens`` output tokens on the measured server, at one set of values.

    The query's cache grows from the prompt to prompt + tokens; the prompt is the chat
    context (``kv_context_tokens``, prompt plus half the measured reply) less half the
    reply. The batch is ``batch`` capped by memory: the requests whose caches fit beside
    the weights when each holds its mean context, its requests being at staggered stages
    (:func:`analysis.kvcache.mean_context_tokens`,
    :func:`analysis.kvcache.max_concurrent_requests`).
    Each token also reads the cache its request holds beyond a chat request's, at the
    share ``share`` of peak bandwidth the server reaches when memory binds
    (:func:`analysis.power_model.long_context_tokens_per_s`, :func:`memory_bound_share`);
    GPU power is the fitted curve at the batch (the added work is memory reads, like the
    small-batch steps at the bottom of that curve), plus host power, times PUE.

    Returns
    -------
    numpy.ndarray
        :data:`QUERY_FIELDS`: the batch that fits with every cache at its longest
        [request], the batch run [request], the server's output [token/s], GPU-seconds the
        query holds (n x tokens / T) [GPU s], its wall-clock time (b x tokens / T) [min],
        its energy at the chip and at the meter [Wh].
    """
    c, m = s.calibration, server_memory(s)
    prompt = context_tokens - chat_tokens(s) / 2
    mean = kvcache.mean_context_tokens(prompt, tokens)
    fit = kvcache.max_concurrent_requests(
        m.memory_GB, m.weights_GB, kvcache.kv_bytes_per_request(m.kv_B_per_token, mean)
    )
    full = kvcache.max_concurrent_requests(
        m.memory_GB, m.weights_GB, kvcache.kv_bytes_per_request(m.kv_B_per_token, prompt + tokens)
    )
    b = np.minimum(batch, fit)
    if np.any(b < 1):
        raise ValueError(f"a {tokens:,.0f}-token answer's cache does not fit beside the weights")
    chat_T = pm.decode_throughput_tokens_per_s(b, c.throughput.high, c.throughput.scale)
    extra_GB = np.maximum(mean - context_tokens, 0.0) * m.kv_B_per_token / 1e9
    T = pm.long_context_tokens_per_s(chat_T, extra_GB, m.gpus, m.bandwidth_TB_per_s, share)
    hours = tokens / T / SECONDS_PER_HOUR
    chip_W = c.n_gpus * decode_W(s, b)
    it_W = chip_W + c.n_gpus * host_W_per_gpu(s, host)
    b, full = np.broadcast_arrays(b, full)
    return np.array([
        full, b, T, c.n_gpus * tokens / T, b * tokens / T / 60, chip_W * hours,
        pm.meter_power_W(it_W, pue) * hours,
    ])  # fmt: skip


def query_cost(s: System, tokens, batch=None) -> dict[str, Range]:
    """One query of ``tokens`` output tokens (a number or a Range), with its ranges.

    At the peak batch of a fleet (``serving_peak_batch``) capped by memory when ``batch``
    is None, else at ``batch`` (capped too). Ranges over the chat context, host power and
    PUE (and the peak batch). The bandwidth share where memory binds moves with the
    assumed context too (:func:`memory_bound_share`); it is carried as a range of its own,
    so that the result is monotone in each range and its corners are its extremes. Keys:
    :data:`QUERY_FIELDS` (see :func:`query_at`).

    A query decoded in a batch of b on an n-GPU server holds n / b of the server for
    b x tokens / T seconds: n x tokens / T GPU-seconds, a share of the GPUs for longer
    rather than a whole GPU.
    """
    peak = a("serving_peak_batch") if batch is None else np.asarray(batch, dtype=float)
    context = a("kv_context_tokens")
    share = propagate(lambda ctx: memory_bound_share(s, ctx), context)
    r = propagate(
        lambda t, b, ctx, f, h, p: query_at(s, t, b, ctx, f, h, p),
        tokens, peak, context, share, a("host_power_share"), a("pue"),
    )  # fmt: skip
    return {
        name: Range(*(np.asarray(v)[i] for v in r.as_tuple()))
        for i, name in enumerate(QUERY_FIELDS)
    }


def reasoning_tokens(s: System) -> Range:
    """Output tokens of a reasoning query [token]: the chat reply times the multiplier."""
    return reasoning_multiplier().scale(chat_tokens(s))
