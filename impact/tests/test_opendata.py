"""The open datasets: read back as CSV and JSON, described, licensed, nothing personal or
draft; the catalogue as DCAT and as a Frictionless data package that frictionless validates."""

import csv
import io
import json

import pytest
from frictionless import Package

from impact.models import DataLicence
from impact.opendata import TABLES
from network.models import Person
from roadmap.models import Roadmap

pytestmark = pytest.mark.django_db
NAMES = [table.name for table in TABLES]


def test_the_catalogue_page_lists_every_dataset_with_its_licence(client):
    html = client.get("/data/").content.decode()
    for name in NAMES:
        assert f"/data/aston/{name}.csv" in html and f"/data/aston/{name}.json" in html
    assert "/data/aston/catalog.jsonld" in html and "/data/aston/datapackage.json" in html
    assert "CC BY 4.0" in html


@pytest.mark.parametrize("name", NAMES)
def test_each_dataset_reads_back_the_same_in_csv_and_json(client, name):
    rows = list(csv.DictReader(io.StringIO(client.get(f"/data/aston/{name}.csv").content.decode())))
    document = client.get(f"/data/aston/{name}.json").json()
    assert rows and len(rows) == len(document["rows"])
    assert list(rows[0]) == [column["name"] for column in document["columns"]]
    assert all(column["description"] for column in document["columns"])
    assert document["licence"]["identifier"] == "CC-BY-4.0"
    assert document["last_updated"]


def test_nothing_personal_and_nothing_draft(client):
    everything = "".join(client.get(f"/data/aston/{name}.csv").content.decode() for name in NAMES)
    for person in Person.objects.exclude(email=""):
        assert person.email not in everything
    events = client.get("/data/aston/events.json").json()
    assert {"registered", "attended"} <= set(events["rows"][0])
    Roadmap.objects.filter(city__slug="bamako").update(status=Roadmap.Status.DRAFT)
    roadmaps = client.get("/data/aston/roadmaps.json").json()["rows"]
    assert "bamako" not in {row["city"] for row in roadmaps}


def test_the_licence_is_set_per_network(client, aston):
    DataLicence.objects.filter(network=aston).update(
        name="Open Database License",
        identifier="ODbL-1.0",
        url="https://opendatacommons.org/licenses/odbl/",
    )
    assert client.get("/data/aston/cities.json").json()["licence"]["identifier"] == "ODbL-1.0"
    assert "Open Database License" in client.get("/data/").content.decode()


def test_dcat_describes_each_dataset_and_its_files(client):
    document = json.loads(client.get("/data/aston/catalog.jsonld").content)
    assert document["@type"] == "dcat:Catalog"
    datasets = document["dcat:dataset"]
    assert [d["dct:identifier"] for d in datasets] == NAMES
    for dataset in datasets:
        assert dataset["dct:license"]["@id"].startswith("https://")
        assert dataset["dct:modified"]["@value"]
        media = {d["dcat:mediaType"] for d in dataset["dcat:distribution"]}
        assert media == {"text/csv", "application/json"}


def test_frictionless_validates_the_data_package(client, tmp_path):
    (tmp_path / "datapackage.json").write_bytes(client.get("/data/aston/datapackage.json").content)
    for name in NAMES:
        (tmp_path / f"{name}.csv").write_bytes(client.get(f"/data/aston/{name}.csv").content)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_unknown_networks_and_tables(client):
    assert client.get("/data/nowhere/cities.csv").status_code == 404
    assert client.get("/data/aston/people.csv").status_code == 404
    assert client.get("/data/nowhere/datapackage.json").status_code == 404


def test_every_declared_dataset_carries_the_networks_licence(client, aston):
    from experiments.opendata import datasets

    odbl = {
        "name": "Open Database License",
        "identifier": "ODbL-1.0",
        "url": "https://opendatacommons.org/licenses/odbl/",
    }
    DataLicence.objects.filter(network=aston).update(**odbl)
    declared = datasets(network=aston)
    assert {d.format for d in declared} >= {"CSV", "XLSX", "IATI 2.03 XML", "JSON"}
    for dataset in declared:
        assert dataset.licence == odbl["name"], dataset.title
        assert dataset.licence_url == odbl["url"], dataset.title
    for name in NAMES:
        assert client.get(f"/data/aston/{name}.json").json()["licence"] == odbl
    package = client.get("/data/aston/datapackage.json").json()
    assert [lic["name"] for lic in package["licenses"]] == ["ODbL-1.0"]
    catalogue = json.loads(client.get("/data/aston/catalog.jsonld").content)
    for dataset in catalogue["dcat:dataset"]:
        assert dataset["dct:license"]["@id"] == odbl["url"]
        assert {d["dct:license"]["@id"] for d in dataset["dcat:distribution"]} == {odbl["url"]}
    assert "CC BY 4.0" not in client.get("/data/").content.decode()


def test_pilot_amounts_are_exact_decimal_text_beside_their_currency(client):
    rows = client.get("/data/aston/pilots.json").json()["rows"]
    lagos = next(row for row in rows if row["pilot"] == "lagos-market-tax")
    assert (lagos["currency"], lagos["budget"], lagos["budget_eur"]) == (
        "NGN",
        "20000000.00",
        "40000.00",
    )
    bamako = next(row for row in rows if row["pilot"] == "bamako-street-addressing")
    assert (bamako["currency"], bamako["budget"]) == ("XOF", "32797850")
    csv_rows = csv.DictReader(io.StringIO(client.get("/data/aston/pilots.csv").content.decode()))
    lagos = next(row for row in csv_rows if row["pilot"] == "lagos-market-tax")
    assert (lagos["budget"], lagos["budget_eur"]) == ("20000000.00", "40000.00")
