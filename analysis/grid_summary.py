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
from analysis.publish import range_text, sig
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
    """Like :func:`analysis.publish.range_text`, but a range spanning more than a factor of
    ten rounds each end to its own significant figures ('6.1 Wh (0.71–23 Wh)'), so that
    its low end does not round to a misleading whole number.
    """
    low, mid, high = (float(v) for v in value.as_tuple())
    if low <= 0 or high / low <= 10:
        return range_text(value, digits, unit, central)
    suffix = f" {unit}" if unit else ""
    span = f"{sig(low, digits)}–{sig(high, digits)}{suffix}"
    return f"{sig(mid, digits)}{suffix} ({span})" if central else span


def headline() -> list[Headline]:
    """The summary's numbers, in the order the summary page lists them."""
    h100, b200, nvl72 = (fleet.system(n) for n in ("DGX H100", "DGX B200", "GB200 NVL72"))
    idle_share = propagate(
        lambda i, t, h: (
            (fleet.gpu_W(h100, "idle", i, t) + fleet.host_W_per_gpu(h100, h))
            / (fleet.gpu_W(h100, "training", i, t) + fleet.host_W_per_gpu(h100, h))
        ),
        a("gpu_idle_power_fraction"),
        a("training_gpu_power_fraction"),
        a("host_power_share"),
    )
    run = fleet.training_run()
    small_batch = float(h100.calibration.rows["batch_size"].min())
    peak_batch = a("serving_peak_batch")

    def per_token(batch):
        return propagate(
            lambda b, h, p: fleet.meter_J_per_token(h100, b, h, p), batch, a("host_power_share"),
            a("pue"),
        )  # fmt: skip

    chat_tokens = fleet.chat_tokens(h100)
    at_peak = per_token(peak_batch)
    wh_chat = at_peak.scale(chat_tokens / fleet.SECONDS_PER_HOUR)
    wh_reasoning = propagate(lambda w, m: w * m, wh_chat, fleet.reasoning_multiplier())
    fraction = fleet.bandwidth_ceiling(h100)
    first = fraction.iloc[0]
    decode_share = propagate(lambda b: float(fleet.decode_W(h100, b)) / h100.gpu_W, peak_batch)
    shapes = {kind: fl.shape(kind, h100) for kind in fl.FLEETS}
    swings = fleet.training_swings()
    campus = fleet.campus_energy_TWh("campus_large_MW", shapes["Training cluster"].load_factor)
    mw = "MW"
    fleet_text = f"{sig(a('reference_fleet_gpus').central, 2)}"
    campus_text = f"{sig(a('campus_large_MW').central / 1e3, 1)} GW"
    kwh = 1e6 / pm.J_PER_KWH  # J per token -> kWh per million tokens
    return [
        Headline("ch11_mw_h100", f"{fleet_text} H100 GPUs training, at the meter",
                 fleet.meter_MW_per_fleet(h100, "training"), 2, mw, "sec-grid-mw"),
        Headline("ch11_mw_b200", f"{fleet_text} B200 GPUs (DGX B200) training, at the meter",
                 fleet.meter_MW_per_fleet(b200, "training"), 2, mw, "sec-grid-mw"),
        Headline("ch11_mw_nvl72", f"{fleet_text} B200 GPUs in GB200 NVL72 racks training",
                 fleet.meter_MW_per_fleet(nvl72, "training"), 2, mw, "sec-grid-mw"),
        Headline("ch11_idle_share", "an idle H100 fleet's draw as a share of its training draw",
                 idle_share, 2, "", "sec-grid-mw", percent=True),
        Headline("ch11_llama_gwh", "the Llama 3.1 405B pre-training run, at the meter",
                 run["energy_MWh"].scale(1e-3), 2, "GWh", "sec-grid-llama"),
        Headline("ch11_kwh_small", f"a million tokens at a batch of {small_batch:.0f}",
                 per_token(small_batch).scale(kwh), 2, "kWh", "sec-grid-tokens"),
        Headline("ch11_kwh_peak", "a million tokens at the peak batch, at the meter",
                 at_peak.scale(kwh), 2, "kWh", "sec-grid-tokens"),
        Headline("ch11_wh_chat", "a chat query at the peak batch, at the meter",
                 wh_chat, 2, "Wh", "sec-grid-tokens"),
        Headline("ch11_wh_reasoning", "a reasoning query at the peak batch, at the meter",
                 wh_reasoning, 2, "Wh", "sec-grid-tokens"),
        Headline("ch11_bandwidth_share", "share of the memory-bandwidth ceiling reached",
                 Range(first.fraction_low, first.fraction_central, first.fraction_high), 2, "",
                 "sec-grid-measured", percent=True),
        Headline("ch11_decode_share", "H100 decode power at the peak batch, share of rating",
                 decode_share, 2, "", "sec-grid-measured", percent=True),
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
        Headline("ch11_campus_twh", f"a {campus_text} training campus in a year",
                 campus, 2, "TWh", "sec-grid-campus"),
        Headline("ch11_campus_iea", "the same as a share of global data-centre use in 2024",
                 campus.scale(1 / fleet.global_data_centre_TWh()), 2, "",
                 "sec-grid-campus", percent=True),
    ]  # fmt: skip


def by_name() -> dict[str, Headline]:
    """:func:`headline` keyed by glue name."""
    return {h.name: h for h in headline()}


def as_float(value) -> float:
    """A plain float (glue and tables want Python floats, not NumPy scalars)."""
    return float(np.asarray(value))


def percent_text(value: Range, digits: int = 2) -> str:
    """A fraction's Range as percentages, central first: '46% (31–60%)'."""
    r = value.scale(100.0)
    span = range_text(r, digits)
    central = sig(float(r.central), digits)
    return f"{central}%" if "–" not in span else f"{central}% ({span}%)"


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
    """Energy per million tokens and per query by server and batch, as display text."""
    rows = []
    for s in systems:
        frame = fleet.token_energy(s, batches)
        for r in frame.itertuples():
            rows.append({
                "Server": f"{s.calibration.n_gpus} × {s.calibration.gpu}",
                "Batch [-]": f"{r.batch:,.0f}",
                "Chip [kWh per million tokens]": sig(r.chip_kWh_per_Mtok, 2),
                "Meter [kWh per million tokens]": _cell(frame, "meter_kWh_per_Mtok", r),
                "Chat query, meter [Wh]": _cell(frame, "chat_Wh_meter", r),
                "Reasoning query, meter [Wh]": _cell(frame, "reasoning_Wh_meter", r),
                "Reasoning query [GPU-seconds]": _cell(frame, "reasoning_gpu_s", r),
            })  # fmt: skip
    return pd.DataFrame(rows)


def shape_table(shapes: dict[str, fl.Shape], to_MW: float) -> pd.DataFrame:
    """Load factor, peak-to-average, peak, minimum and largest step of each fleet's week."""
    minutes = f"{fl.step_h() * 60:.0f}"
    return pd.DataFrame([
        {"Fleet": kind,
         "Load factor [%]": span_text(sh.load_factor.scale(100)),
         "Peak-to-average [-]": span_text(sh.peak_to_average, 3),
         "Peak [MW]": sig(float(np.max(sh.profile_W.central)) * to_MW, 2),
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


def campus_table(shapes: dict[str, fl.Shape]) -> pd.DataFrame:
    """Annual energy of the two campus sizes for each fleet's load factor."""
    return pd.DataFrame([
        {"Campus at the meter [MW]": f"{a(campus).central:,.0f}", "Fleet": kind,
         "Energy in a year [TWh]": span_text(fleet.campus_energy_TWh(campus, sh.load_factor))}
        for campus in ("campus_small_MW", "campus_large_MW")
        for kind, sh in shapes.items()
    ])  # fmt: skip
