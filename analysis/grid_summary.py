"""The numbers an electricity analyst takes away, each with its range and its derivation.

One function, :func:`headline`, computes them from :mod:`analysis.fleet` and
:mod:`analysis.fleet_loads`; the grid chapter (where each is derived) and the summary
page glue the same names from it, and a test checks that the two pages print the same
text for every name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import fleet
from analysis import fleet_loads as fl
from analysis import power_model as pm
from analysis.fleet import a
from analysis.publish import sig
from analysis.ranges import Range, propagate


@dataclass(frozen=True)
class Headline:
    """One take-away number: glue name, what it is, value, and where it is derived."""

    name: str
    what: str
    value: Range
    digits: int
    unit: str
    label: str
    percent: bool = False

    def text(self) -> str:
        """The value as printed: central value, then the range in brackets."""
        if not self.percent:
            return span_text(self.value, self.digits, self.unit)
        return percent_text(self.value, self.digits)


def span_text(value: Range, digits: int = 2, unit: str = "", central: bool = True) -> str:
    """A Range as text, central value first: '6.1 Wh (0.71–23 Wh)'.

    The one rounding of the grid pages: the central value and each end are rounded to
    ``digits`` significant figures of their own, so that a low end never rounds to a
    misleading whole number and the same quantity prints alike in text and tables
    (unlike :func:`analysis.publish.range_text`, which rounds both ends to the places of
    the larger). A range whose ends round alike prints as one number.

    Examples
    --------
    >>> span_text(Range(0.0776, 0.99, 1.0), 2)
    '0.99 (0.078–1.0)'
    >>> span_text(Range(0.06, 4.3, 10.2), 2, "MW/s", central=False)
    '0.060–10 MW/s'
    """
    low, mid, high = (float(v) for v in value.as_tuple())
    suffix = f" {unit}" if unit else ""
    if sig(low, digits) == sig(high, digits):
        return f"{sig(mid, digits)}{suffix}"
    span = f"{sig(low, digits)}–{sig(high, digits)}{suffix}"
    return f"{sig(mid, digits)}{suffix} ({span})" if central else span


def count_text(value: Range) -> str:
    """A Range of whole counts (requests, jobs), central first: '58 (31–256)'.

    Examples
    --------
    >>> count_text(Range(31.0, 58.0, 256.0)), count_text(Range.point(24.0))
    ('58 (31–256)', '24')
    """
    low, mid, high = (f"{float(v):,.0f}" for v in value.as_tuple())
    return mid if low == high else f"{mid} ({low}–{high})"


def power_text(value_MW: Range, digits: int = 2) -> str:
    """A power Range given in MW, printed in MW, or in kW when its top is below 1 MW.

    Examples
    --------
    >>> power_text(Range(0.0021, 0.004, 0.0093))
    '4.0 kW (2.1–9.3 kW)'
    """
    if float(value_MW.high) < 1:
        return span_text(value_MW.scale(1e3), digits, "kW")
    return span_text(value_MW, digits, "MW")


def idle_share(s: fleet.System) -> Range:
    """An idle fleet's draw over its draw in training [-] (GPUs at the floor, host on)."""
    return propagate(
        lambda i, t, h: (
            (fleet.gpu_W(s, "idle", i, t) + fleet.host_W_per_gpu(s, h))
            / (fleet.gpu_W(s, "training", i, t) + fleet.host_W_per_gpu(s, h))
        ),
        a("gpu_idle_power_fraction"),
        a("training_gpu_power_fraction"),
        a("host_power_share"),
    )


def headline() -> list[Headline]:
    """The summary's numbers, in the order the summary page lists them."""
    h100, b200, nvl72 = (fleet.system(n) for n in ("DGX H100", "DGX B200", "GB200 NVL72"))
    run = fleet.training_run()
    small_batch = float(h100.calibration.rows["batch_size"].min())

    def per_token(batch):
        return propagate(
            lambda b, h, p: fleet.meter_J_per_token(h100, b, h, p), batch, a("host_power_share"),
            a("pue"),
        )  # fmt: skip

    chat = fleet.query_cost(h100, fleet.chat_tokens(h100))
    reasoning = fleet.query_cost(h100, fleet.reasoning_tokens(h100))
    first = fleet.bandwidth_ceiling(h100).iloc[0]
    peak_batch = a("serving_peak_batch")
    shapes = {kind: fl.shape(kind, h100) for kind in fl.FLEETS}
    swings = fleet.training_swings()
    large = a("campus_large_MW").central
    campus = fl.campus_year(h100, fl.campus_training_shape(h100, large), large)
    mw = "MW"
    fleet_text = f"{sig(a('reference_fleet_gpus').central, 2)}"
    campus_text = f"{sig(large / 1e3, 1)} GW"
    kwh = 1e6 / pm.J_PER_KWH  # J per token -> kWh per million tokens
    return [
        Headline("ch11_mw_h100", f"{fleet_text} H100 GPUs training, at the meter",
                 fleet.meter_MW_per_fleet(h100, "training"), 2, mw, "sec-grid-mw"),
        Headline("ch11_mw_b200", f"{fleet_text} B200 GPUs (DGX B200) training, at the meter",
                 fleet.meter_MW_per_fleet(b200, "training"), 2, mw, "sec-grid-mw"),
        Headline("ch11_mw_nvl72", f"{fleet_text} B200 GPUs in GB200 NVL72 racks training",
                 fleet.meter_MW_per_fleet(nvl72, "training"), 2, mw, "sec-grid-mw"),
        Headline("ch11_idle_share", "an idle H100 fleet's draw as a share of its training draw",
                 idle_share(h100), 2, "", "sec-grid-mw", percent=True),
        Headline("ch11_idle_share_nvl72", "the same for GB200 NVL72 racks",
                 idle_share(nvl72), 2, "", "sec-grid-mw", percent=True),
        Headline("ch11_llama_gwh", "the Llama 3.1 405B pre-training run, at the meter",
                 run["energy_MWh"].scale(1e-3), 2, "GWh", "sec-grid-llama"),
        Headline("ch11_kwh_small", f"a million tokens at a batch of {small_batch:.0f}",
                 per_token(small_batch).scale(kwh), 2, "kWh", "sec-grid-tokens"),
        Headline("ch11_kwh_peak", "a million tokens at the peak batch, at the meter",
                 per_token(peak_batch).scale(kwh), 2, "kWh", "sec-grid-tokens"),
        Headline("ch11_wh_chat", "a chat reply at the peak batch, at the meter",
                 chat["meter_Wh"], 2, "Wh", "sec-grid-tokens"),
        Headline("ch11_wh_reasoning",
                 "a reasoning answer at the largest batch whose caches fit, at the meter",
                 reasoning["meter_Wh"], 2, "Wh", "sec-grid-tokens"),
        Headline("ch11_bandwidth_share", "share of the memory-bandwidth ceiling reached",
                 Range(first.fraction_low, first.fraction_central, first.fraction_high), 2, "",
                 "sec-grid-measured", percent=True),
        Headline("ch11_decode_share", "H100 decode power at the peak batch, share of rating",
                 fleet.decode_share(h100), 2, "", "sec-grid-measured", percent=True),
        Headline("ch11_lf_training", "load factor of a training cluster",
                 shapes["Training cluster"].load_factor, 2, "", "sec-grid-shapes", percent=True),
        Headline("ch11_lf_chat", "load factor of a chat fleet",
                 shapes["Chat fleet"].load_factor, 2, "", "sec-grid-shapes", percent=True),
        Headline("ch11_lf_reasoning", "load factor of a reasoning-heavy fleet",
                 shapes["Reasoning-heavy fleet"].load_factor, 2, "", "sec-grid-shapes",
                 percent=True),
        Headline("ch11_swing", "swing when the Llama 3 job stops or restarts, at the servers",
                 swings["start_stop_MW"], 3, mw, "sec-grid-ramps"),
        Headline("ch11_swing_rate", "the same swing per second",
                 swings["start_stop_MW_per_s"], 2, "MW/s", "sec-grid-ramps"),
        Headline("ch11_campus_twh", f"a training campus with a {campus_text} connection, a year",
                 campus["TWh"], 2, "TWh", "sec-grid-campus"),
        Headline("ch11_campus_twh_peak", "a training campus, per GW of its peak draw, a year",
                 campus["TWh_per_GW_peak"], 2, "TWh", "sec-grid-campus"),
        Headline("ch11_campus_iea", "the campus as a share of global data-centre use in 2024",
                 campus["TWh"].scale(1 / fleet.global_data_centre_TWh()), 2, "",
                 "sec-grid-campus", percent=True),
    ]  # fmt: skip


def by_name() -> dict[str, Headline]:
    """:func:`headline` keyed by glue name."""
    return {h.name: h for h in headline()}


def as_float(value) -> float:
    """A plain float (glue and tables want Python floats, not NumPy scalars)."""
    return float(np.asarray(value))


def percent_text(value: Range, digits: int = 2, central: bool = True) -> str:
    """A fraction's Range as percentages, central first: '46% (31–60%)' (:func:`span_text`).

    Examples
    --------
    >>> percent_text(Range(0.7776, 0.994, 1.0))
    '99% (78–100%)'
    """
    text = span_text(value.scale(100.0), digits, "", central)
    if "–" not in text:
        return f"{text}%"
    if not central:
        return f"{text}%"
    head, span = text.split(" (")
    return f"{head}% ({span[:-1]}%)"


def _cell(frame, name: str, row) -> str:
    """A ``<name>_low/_central/_high`` triple of a row as range text."""
    return span_text(Range(*(getattr(row, f"{name}_{end}") for end in ("low", "central", "high"))))


def mw_table(states: list[tuple[str, str]]) -> pd.DataFrame:
    """Power at the meter of a reference fleet of each rated system, in each state."""
    rows = []
    for s in fleet.systems():
        row = {"GPU in system": s.label, "GPU rating [W]": f"{s.gpu_W:,.0f}",
               "System rating per GPU [W]": f"{s.rated_W / s.gpus:,.0f}"}  # fmt: skip
        for state, title in states:
            row[f"{title} [MW]"] = span_text(fleet.meter_MW_per_fleet(s, state))
        rows.append(row)
    return pd.DataFrame(rows)


#: Batches shown in the token-energy table [-]: a factor of four apart from a lightly loaded
#: server to a busy one, then 1,024, the largest batch ML.ENERGY measured for Llama 3.1 70B
#: on H100s; a display grid, not an assumption (each row is computed the same way).
TABLE_BATCHES = (8, 32, 128, 512, 1024)


def token_table(systems: list[fleet.System], batches: list[int]) -> pd.DataFrame:
    """Energy per million tokens and per chat reply by server and batch, as display text."""
    rows = []
    for s in systems:
        frame = fleet.token_energy(s, batches)
        for r in frame.itertuples():
            rows.append({
                "Server": s.calibration.server,
                "Batch [-]": f"{r.batch:,.0f}",
                "Chip [kWh per million tokens]": sig(r.chip_kWh_per_Mtok, 2),
                "Meter [kWh per million tokens]": _cell(frame, "meter_kWh_per_Mtok", r),
                "Chat reply, meter [Wh]": _cell(frame, "chat_Wh_meter", r),
                "Chat reply [GPU-seconds]": sig(r.chat_gpu_s, 2),
            })  # fmt: skip
    return pd.DataFrame(rows)


def queries(s: fleet.System, note_tokens: float) -> list[tuple[str, float]]:
    """The queries of the query table, each with its output tokens: a chat reply, the
    reasoning multiplier's ends and centre, and the note's example [token]."""
    chat = fleet.chat_tokens(s)
    mult = fleet.reasoning_multiplier()
    return [("Chat reply", chat)] + [
        (f"Reasoning, {sig(m, 2)}× the reply", chat * m) for m in mult.as_tuple()
    ] + [("The note's reasoning query", note_tokens)]  # fmt: skip


def query_table(systems: list[fleet.System], note_tokens: float) -> pd.DataFrame:
    """One query on each measured server at the largest batch whose caches fit, as text."""
    rows = []
    for s in systems:
        for name, tokens in queries(s, note_tokens):
            q = fleet.query_cost(s, tokens)
            rows.append({
                "Server": s.calibration.server,
                "Query [output tokens]": f"{name}, {sig(tokens, 2)}",
                "Batch [-]": count_text(q["batch"]),
                "GPU-seconds [GPU·s]": span_text(q["gpu_s"]),
                "Wall-clock [min]": span_text(q["minutes"]),
                "Meter [Wh]": span_text(q["meter_Wh"]),
            })  # fmt: skip
    return pd.DataFrame(rows)


def shape_table(shapes: dict[str, fl.Shape], to_MW: float) -> pd.DataFrame:
    """Load factor, peak-to-average, peak, minimum and largest step of each fleet's week."""
    minutes = f"{fl.step_h() * 60:.0f}"
    return pd.DataFrame([
        {"Fleet": kind,
         "Load factor [%]": span_text(sh.load_factor.scale(100)),
         "Peak-to-average [-]": span_text(sh.peak_to_average, 3),
         "Peak [MW]": sig(float(sh.peak_W.central) * to_MW, 2),
         "Minimum [MW]": sig(float(np.min(sh.profile_W.central)) * to_MW, 2),
         f"Largest {minutes}-min change [% of peak]": span_text(sh.largest_step_share.scale(100))}
        for kind, sh in shapes.items()
    ])  # fmt: skip


def scenario_table(system: fleet.System) -> pd.DataFrame:
    """Load factor and peak-to-average of the reasoning-heavy fleet's scenarios."""
    return pd.DataFrame([
        {"Scenario": name, "Load factor [%]": span_text(sh.load_factor.scale(100)),
         "Peak-to-average [-]": span_text(sh.peak_to_average, 3)}
        for name, sh in fl.scenarios(system)
    ])  # fmt: skip


def campus_table(s: fleet.System, shapes: dict[str, fl.Shape]) -> pd.DataFrame:
    """Peak draw, load factor and annual energy of the two campus sizes, by fleet.

    A campus's size is its connection: the rating of its systems at the meter
    (:func:`analysis.fleet_loads.campus_MW`). The training campus runs as many jobs of
    Llama 3's size as fill it (:func:`analysis.fleet_loads.campus_training_shape`).
    """
    rows = []
    for campus in ("campus_small_MW", "campus_large_MW"):
        size = a(campus).central
        by_kind = {**shapes, "Training cluster": fl.campus_training_shape(s, size)}
        for kind in shapes:
            year = fl.campus_year(s, by_kind[kind], size)
            rows.append({
                "Connection [MW]": f"{size:,.0f}", "Fleet": kind,
                "Peak draw [MW]": span_text(year["peak_MW"]),
                "Load factor [%]": span_text(by_kind[kind].load_factor.scale(100)),
                "Energy in a year [TWh]": span_text(year["TWh"]),
            })  # fmt: skip
    return pd.DataFrame(rows)
