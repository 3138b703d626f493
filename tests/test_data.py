"""The data layer: every table loads, and bad inputs fail with messages a reader can act on."""

import shutil
from pathlib import Path

import pytest

from analysis import data
from analysis.paths import REPO_ROOT

pytestmark = pytest.mark.unit

ROW = "run,parameters_billion,training_tokens_trillion,reported_compute_FLOP,gpus,gpu_device,"
ROW += "effective_training_time_low,effective_training_time_high,mfu_low,mfu_high,precision,"
ROW += "interruptions,snapshot_days,source,source_locator,verified,note\n"


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


GOOD = "Test run,405,15.6,3.8e25,16000,H100 SXM,0.9,0.9,0.38,0.43,BF16,466,54,llama3-2024,"
GOOD += "Section 1,primary,ok"


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


def load_error(scratch: Path, table: str = "training_runs") -> str:
    with pytest.raises(data.DataValidationError) as error:
        data.load(table)
    return str(error.value)


BAD_TABLES = {
    # name: (file content, the parts the message must hold: file, line, column, value, expected)
    "duplicated key row": (
        ROW + GOOD + "\n" + GOOD.replace(",405,", ",406,") + "\n",
        ["training_runs.csv", "line 3", "column 'run'", "'Test run'", "already on line 2",
         "expected one row per run"],
    ),
    "header and no rows": (
        ROW,
        ["training_runs.csv", "line 2", "column 'run'", "no value", "expected at least one row"],
    ),
    "row cut off mid-way": (
        ROW + GOOD + "\n" + "Second run,405,15.6\n",
        ["training_runs.csv", "line 3", "column 'reported_compute_FLOP'", "no value",
         "ends after 3 of 17 fields", "expected 17 fields"],
    ),
    "unterminated quote": (
        ROW + GOOD + "\n" + GOOD.replace("Test run", "Second run").replace(",ok", ',"ok, and'),
        ["training_runs.csv", "line 3", "column 'note'", "'\"ok, and'", "expected each quoted"],
    ),
    "empty file": (
        "",
        ["training_runs.csv", "line 1", "column 'run'", "no value", "0 bytes",
         "expected the header row 'run,parameters_billion"],
    ),
    "unknown foreign key": (
        ROW + GOOD.replace(",H100 SXM,", ",H999,") + "\n",
        ["training_runs.csv", "line 2", "column 'gpu_device'", "'H999'",
         "is not a device of accelerators.csv", "expected one of", "'H100 SXM'"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_bad_table_fails_naming_file_line_column_value_and_expectation(scratch, case):
    content, parts = BAD_TABLES[case]
    (scratch / "training_runs.csv").write_text(content)
    message = load_error(scratch)
    missing = [part for part in parts if part not in message]
    assert not missing, f"{case}: {missing} not in: {message}"


def test_lines_are_counted_in_the_file_not_in_records(scratch):
    # Row 1's note spans lines 2-3, so row 2 starts on line 4 (pandas' row count says 3).
    first = GOOD.replace(",ok", ',"a note\non two lines"')
    second = GOOD.replace("Test run", "Second run").replace(",0.38,", ",1.38,")
    (scratch / "training_runs.csv").write_text(ROW + first + "\n" + second + "\n")
    assert "line 4 (run 'Second run'), column 'mfu_low'" in load_error(scratch)


def test_quoted_newline_loads_as_one_value(scratch):
    (scratch / "training_runs.csv").write_text(ROW + GOOD.replace(",ok", ',"two\nlines"') + "\n")
    assert data.load("training_runs")["note"].tolist() == ["two\nlines"]


def test_duplicated_composite_key(scratch):
    path = scratch / "accelerator_compute.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    message = load_error(scratch, "accelerator_compute")
    assert f"line {len(lines) + 1}" in message
    assert "column 'device, precision, sparsity'" in message and "already on line 2" in message


def test_empty_table_loads_where_the_schema_allows_it(scratch):
    schema = scratch / "training_runs.schema.toml"
    schema.write_text("allow_empty = true\n" + schema.read_text())
    (scratch / "training_runs.csv").write_text(ROW)
    frame = data.load("training_runs")
    assert frame.empty and list(frame.columns) == ROW.strip().split(",")


def test_schema_keys_name_real_columns(scratch):
    schema = scratch / "training_runs.schema.toml"
    schema.write_text(schema.read_text().replace('unique = ["run"]', 'unique = ["runs"]'))
    with pytest.raises(data.DataValidationError, match=r"unique names unknown columns \['runs'\]"):
        data.load("training_runs")


@pytest.mark.parametrize("name", data.dataset_names())
def test_every_table_declares_its_key(name):
    schema = data.load_schema(name)
    assert schema.keys, f"{name}.schema.toml: no [keys] unique"
    for column, table, target in schema.foreign_keys:
        assert target in data.load_schema(table).keys, f"{name}.{column} -> {table}.{target}"
