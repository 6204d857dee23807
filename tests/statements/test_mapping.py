"""The mapping file of a portal export: YAML and TOML, every problem a breadcrumb with the file (and line for YAML),
and the published JSON Schema agreeing with the loader on good and bad files."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from pos_doctor.resources import schemas_dir
from pos_doctor.statements import StatementError
from pos_doctor.statements.mapping import load_mapping
from tests.statements import bills as B

SCHEMA = json.loads((schemas_dir() / "statement-mapping.schema.json").read_text(encoding="utf-8"))
GOOD = yaml.safe_load(B.PORTAL_MAPPING)


def _bad(**change):
    doc = json.loads(json.dumps(GOOD))
    for key, value in change.items():
        path = key.split("__")
        node = doc
        for p in path[:-1]:
            node = node[p]
        if value is None:
            node.pop(path[-1])
        else:
            node[path[-1]] = value
    return doc


BAD = [
    (_bad(spec=2), "spec must be 1"),
    (_bad(columns__time=None), "missing required field 'time'"),
    (_bad(columns__amount=None), "missing required field 'amount'"),
    (_bad(columns__colour="颜色"), "unknown field 'colour'"),
    (_bad(states__approved=None), "at least approved"),
    (_bad(states__lost=["丢失"]), "unknown state 'lost'"),
    (_bad(encoding="latin-1"), "encoding: one of"),
    (_bad(header_row=0), "header_row"),
    (_bad(date_format="YYYY-MM-DD"), "date_format"),
    (_bad(colour="red"), "unknown key 'colour'"),
    (_bad(columns__time=""), "expected a column name"),
]


def test_the_example_is_valid_for_loader_and_schema(tmp_path):
    path = tmp_path / "portal.yaml"
    path.write_text(B.PORTAL_MAPPING, encoding="utf-8")
    m = load_mapping(path)
    assert m.columns["time"] == "交易日期时间" and m.states["已撤销"] == "reversed" and m.header_row == 3
    jsonschema.validate(GOOD, SCHEMA)


@pytest.mark.parametrize("doc,said", BAD, ids=[s for _, s in BAD])
def test_loader_and_schema_both_refuse(tmp_path, doc, said):
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StatementError) as err:
        load_mapping(path)
    assert said in err.value.en and err.value.kind == "statement mapping"
    assert err.value.where.file == str(path) and err.value.where.line is not None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


def test_toml_mapping(tmp_path):
    path = tmp_path / "portal.toml"
    path.write_text('spec = 1\nheader_row = 3\ndate_format = "%Y/%m/%d %H:%M:%S"\n[columns]\ntime = "交易日期时间"\n'
                    'amount = "交易金额"\nstate = "交易状态"\n[states]\napproved = ["交易成功"]\n', encoding="utf-8")
    m = load_mapping(path)
    assert m.columns == {"time": "交易日期时间", "amount": "交易金额", "state": "交易状态"}
    path.write_text("spec = 1\n[columns\n", encoding="utf-8")
    with pytest.raises(StatementError) as err:
        load_mapping(path)
    assert "not valid TOML" in err.value.en and err.value.where.line == 2


def test_a_mapping_column_the_export_lacks_is_named(tmp_path):
    from pos_doctor.statements import read_statement

    (tmp_path / "m.yaml").write_text(B.PORTAL_MAPPING.replace("fee: 手续费", "fee: 服务费"), encoding="utf-8")
    (tmp_path / "p.csv").write_bytes(B.portal_csv(B.day_of(3)))
    with pytest.raises(StatementError) as err:
        read_statement(tmp_path / "p.csv", tmp_path / "m.yaml")
    assert err.value.where.line == 3 and "no column '服务费' (columns.fee" in err.value.en
