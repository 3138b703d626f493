"""The data layer: every table loads, and bad inputs fail with messages a reader can act on."""

import shutil
from pathlib import Path

import pytest

from analysis import data
from analysis.paths import REPO_ROOT

ROW = "run,parameters_billion,training_tokens_trillion,reported_compute_FLOP,gpus,gpu_device,"
ROW += "effective_training_time_low,effective_training_time_high,mfu_low,mfu_high,precision,"
ROW += "source,note\n"


@pytest.mark.parametrize("name", data.dataset_names())
def test_every_table_loads_and_is_sourced(name):
    frame = data.load(name)
    assert len(frame) > 0, f"{name}.csv has no rows"
    assert frame["source"].notna().all()
    schema = frame.attrs["schema"]
    for column in schema.columns:
        assert column.unit, f"{name}: column {column.name} has no unit"
        assert column.description, f"{name}: column {column.name} has no description"


def test_every_csv_has_a_schema():
    csvs = {p.stem for p in (REPO_ROOT / "data").glob("*.csv")}
    assert csvs == set(data.dataset_names())


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """A copy of data/ that a test may break; the loader reads it instead."""
    copy = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", copy)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(copy))
    return copy


def write_run(scratch: Path, row: str, header: str = ROW) -> None:
    (scratch / "training_runs.csv").write_text(header + row + "\n")


GOOD = "Test run,405,15.6,3.8e25,16000,H100 SXM,0.9,0.9,0.38,0.43,BF16,llama3-2024,ok"


def test_good_row_loads(scratch):
    write_run(scratch, GOOD)
    assert data.load("training_runs")["parameters_billion"].iloc[0] == 405


def test_non_numeric_value_names_file_line_column_and_value(scratch):
    write_run(scratch, GOOD.replace(",405,", ",four hundred,"))
    with pytest.raises(data.DataValidationError) as error:
        data.load("training_runs")
    message = str(error.value)
    for part in ("training_runs.csv", "line 2", "'parameters_billion'", "'four hundred'", "number"):
        assert part in message


def test_missing_column(scratch):
    write_run(scratch, GOOD.rsplit(",", 1)[0], header=ROW.replace(",note", ""))
    with pytest.raises(data.DataValidationError, match=r"missing \['note'\]"):
        data.load("training_runs")


def test_unknown_source_key(scratch):
    write_run(scratch, GOOD.replace("llama3-2024", "made-up-2099"))
    with pytest.raises(data.DataValidationError, match=r"unknown source key.*made-up-2099"):
        data.load("training_runs")


def test_out_of_range_value(scratch):
    write_run(scratch, GOOD.replace(",0.38,", ",1.38,"))
    with pytest.raises(data.DataValidationError, match=r"'mfu_low'.*'1.38' is out of range"):
        data.load("training_runs")


def test_category_outside_allowed(scratch):
    write_run(scratch, GOOD.replace(",BF16,", ",BF17,"))
    with pytest.raises(data.DataValidationError, match=r"'BF17'; expected one of"):
        data.load("training_runs")


def test_empty_required_cell(scratch):
    write_run(scratch, GOOD.replace("Test run", ""))
    with pytest.raises(data.DataValidationError, match=r"column 'run': empty"):
        data.load("training_runs")


def test_missing_file(scratch):
    (scratch / "training_runs.csv").unlink()
    with pytest.raises(FileNotFoundError, match=r"training_runs.csv.*no CSV file"):
        data.load("training_runs")


def test_missing_table(scratch):
    with pytest.raises(FileNotFoundError, match=r"no schema for table 'nonexistent'"):
        data.load("nonexistent")
