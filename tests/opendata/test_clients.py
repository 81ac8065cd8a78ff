"""The feed as the other side reads it, against a served portal: ckanapi's RemoteCKAN harvests everything, every
resource parses as its format says, rdflib parses both catalogue serialisations, the DCAT-AP shapes pass, nothing
private leaks, and the numbers equal the dashboard's."""

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
import requests
from ckanapi import NotFound, RemoteCKAN
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from opd.choices import Role
from roadmap.selectors import dashboard
from tests.factories import make_user
from tests.opendata.conftest import SECRETS, build_feed

SHAPES = Path(__file__).resolve().parents[2] / "opendata" / "shapes" / "dcat-ap.ttl"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def served(live_server, settings):
    settings.OPEN_DATA = "true"
    settings.SITE_URL = live_server.url
    data = build_feed(n_initiatives=3, n_indicators=2)
    return live_server.url, data


def _parse(fmt: str, body: bytes):
    if fmt == "CSV":
        return list(csv.reader(io.StringIO(body.decode("utf-8"))))
    if fmt == "JSON":
        return json.loads(body)["records"]
    return list(openpyxl.load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True))


def test_ckanapi_harvests_everything_and_every_resource_parses(served):
    url, _data = served
    bodies = []
    with RemoteCKAN(f"{url}/opendata") as ckan:
        names = ckan.action.package_list()
        seen, start = [], 0
        while True:
            page = ckan.action.package_search(rows=4, start=start, sort="name asc")
            if not page["results"]:
                break
            seen += [p["name"] for p in page["results"]]
            start += 4
        assert page["count"] == len(names) == len(seen) == len(set(seen)) == 2 * 2 + 2 + 1
        assert seen == sorted(names)
        for name in names:
            package = ckan.action.package_show(id=name)
            assert ckan.action.package_show(id=package["id"])["name"] == name
            assert package["license_id"] == "cc-by" and package["metadata_modified"]
            assert {r["format"] for r in package["resources"]} == {"CSV", "JSON", "XLSX"}
            bodies.append(json.dumps(package))
            for resource in package["resources"]:
                assert resource["last_modified"] and resource["mimetype"]
                response = requests.get(resource["url"], timeout=30)
                assert response.status_code == 200
                assert response.headers["Content-Type"].startswith(resource["mimetype"])
                rows = _parse(resource["format"], response.content)
                assert rows, resource["url"]
                bodies.append(
                    response.content.decode("utf-8", "replace")
                    if resource["format"] != "XLSX"
                    else json.dumps([list(map(str, r)) for r in rows])
                )
        for org in ckan.action.organization_list():
            shown = ckan.action.organization_show(id=org, include_datasets=True)
            assert shown["package_count"] == len(shown["packages"])
            bodies.append(json.dumps(shown))
        groups = ckan.action.group_list(all_fields=True)
        assert {g["name"] for g in groups} == {"eco", "liv"}
        for group in groups:
            shown = ckan.action.group_show(id=group["name"], include_datasets=True)
            assert shown["package_count"] == group["package_count"] == len(shown["packages"])
            bodies.append(json.dumps(shown))
        bodies.append(json.dumps(ckan.action.tag_list()))
        bodies.append(json.dumps(ckan.action.current_package_list_with_resources(limit=100)))
        bodies.append(json.dumps(ckan.action.status_show()))
        with pytest.raises(NotFound):
            ckan.action.package_show(id="tidak-ada")
    # GET-only clients too
    with RemoteCKAN(f"{url}/opendata", get_only=True) as ckan:
        assert ckan.action.package_search(fq="groups:eco tags:inisiatif")["count"] == 1
    for fmt in ("ttl", "jsonld"):
        bodies.append(requests.get(f"{url}/opendata/catalog.{fmt}", timeout=30).text)
    bodies.append(requests.get(f"{url}/opendata/", timeout=30).text)
    everything = "\n".join(bodies)
    for secret in SECRETS:
        assert secret not in everything


def test_catalogue_parses_in_both_serialisations_and_passes_the_dcat_ap_shapes(served):
    url, _data = served
    graphs = {}
    for fmt, rdf_format in (("ttl", "turtle"), ("jsonld", "json-ld")):
        response = requests.get(f"{url}/opendata/catalog.{fmt}", timeout=30)
        assert response.status_code == 200
        graphs[fmt] = Graph().parse(data=response.text, format=rdf_format, publicID=url)
    assert len(graphs["ttl"]) == len(graphs["jsonld"]) > 0
    datasets = set(graphs["ttl"].subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 7
    assert all(str(d).startswith(f"{url}/opendata/dataset/") for d in datasets)
    shapes = Graph().parse(SHAPES, format="turtle")
    for graph in graphs.values():
        conforms, _report, text = validate(graph, shacl_graph=shapes, inference="none")
        assert conforms, text


def test_feed_numbers_equal_the_dashboards(served):
    url, data = served
    admin = make_user(Role.ADMIN, username="kepala")
    board = dashboard(admin)
    with RemoteCKAN(f"{url}/opendata") as ckan:
        for dim in board["by_dimension"]:
            package = ckan.action.package_show(id=f"inisiatif-{dim['code']}")
            extras = {e["key"]: e["value"] for e in package["extras"]}
            assert float(extras["progress_percent"]) == dim["progress"]
            assert int(extras["budget_planned"]) == dim["budget_planned"]
            assert int(extras["budget_realized"]) == dim["budget_realized"]
            assert int(extras["initiative_count"]) == dim["count"]
        roadmap = ckan.action.package_search(fq="tags:roadmap")["results"][0]
        extras = {e["key"]: e["value"] for e in roadmap["extras"]}
        assert float(extras["progress_percent"]) == board["overall"]["progress"]
        json_url = next(r["url"] for r in roadmap["resources"] if r["format"] == "JSON")
    records = requests.get(json_url, timeout=30).json()["records"]
    assert [(r["year"], r["budget_planned"], r["active_initiatives"]) for r in records] == [
        (y["year"], y["budget_planned"], y["active"]) for y in board["by_year"]
    ]
