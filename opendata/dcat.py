"""The catalogue as a DCAT 3 graph (DCAT-AP's mandatory and recommended properties), serialised by rdflib as Turtle
or JSON-LD. URIs are built from settings.SITE_URL and the datasets' stable names, so a harvester keeps them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from .ckan_shapes import MIMETYPES, absolute, download_url, landing_url
from .records import FORMATS, Catalogue, Dataset

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
IANA = "https://www.iana.org/assignments/media-types/"
FREQUENCIES = {"annual": "ANNUAL", "semiannual": "ANNUAL_2", "quarterly": "QUARTERLY", "monthly": "MONTHLY"}
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "skos": str(SKOS),
    "xsd": str(XSD),
}


def base() -> str:
    return absolute(reverse("opendata:index")).rstrip("/")


def _agent(graph: Graph, uri: URIRef, name: str) -> URIRef:
    graph.add((uri, RDF.type, FOAF.Agent))
    graph.add((uri, FOAF.name, Literal(name)))
    return uri


def _dataset(graph: Graph, catalogue: Catalogue, dataset: Dataset, publisher: URIRef, scheme: URIRef) -> URIRef:
    uri = URIRef(f"{base()}/dataset/{dataset.name}")
    graph.add((uri, RDF.type, DCAT.Dataset))
    graph.add((uri, DCTERMS.identifier, Literal(dataset.id)))
    graph.add((uri, DCTERMS.title, Literal(dataset.title)))
    graph.add((uri, DCTERMS.description, Literal(dataset.notes)))
    graph.add((uri, DCAT.landingPage, URIRef(landing_url(dataset))))
    graph.add((uri, DCTERMS.issued, Literal(dataset.created.isoformat(), datatype=XSD.dateTime)))
    graph.add((uri, DCTERMS.modified, Literal(dataset.modified.isoformat(), datatype=XSD.dateTime)))
    org = dataset.organisation
    agent = _agent(graph, URIRef(f"{base()}/organization/{org.name}"), org.title) if org else publisher
    graph.add((uri, DCTERMS.publisher, agent))
    contact = URIRef(f"{base()}/contact/{org.name if org else 'programme-office'}")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(org.title if org else catalogue.programme_office)))
    graph.add((contact, VCARD.hasURL, URIRef(absolute(reverse("opendata:index")))))
    graph.add((uri, DCAT.contactPoint, contact))
    for group in dataset.groups:
        theme = URIRef(f"{base()}/group/{group.name}")
        graph.add((theme, RDF.type, SKOS.Concept))
        graph.add((theme, SKOS.prefLabel, Literal(group.title)))
        graph.add((theme, SKOS.inScheme, scheme))
        graph.add((uri, DCAT.theme, theme))
    for tag in dataset.tags:
        graph.add((uri, DCAT.keyword, Literal(tag)))
    if dataset.temporal:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(f"{dataset.temporal[0]}-01-01", datatype=XSD.date)))
        graph.add((period, DCAT.endDate, Literal(f"{dataset.temporal[1]}-12-31", datatype=XSD.date)))
        graph.add((uri, DCTERMS.temporal, period))
    extras = dataset.extras
    if extras.get("frequency") in FREQUENCIES:
        graph.add((uri, DCTERMS.accrualPeriodicity, FREQUENCY[FREQUENCIES[extras["frequency"]]]))
    if extras.get("producer"):
        graph.add((uri, DCTERMS.creator, _agent(graph, BNode(), extras["producer"])))
    if extras.get("data_source"):
        graph.add((uri, DCTERMS.source, Literal(extras["data_source"])))
    if extras.get("reference_code"):
        graph.add((uri, DCTERMS.identifier, Literal(extras["reference_code"])))
    if extras.get("calculation"):
        graph.add((uri, SKOS.note, Literal(extras["calculation"])))
    for fmt in FORMATS:
        dist = URIRef(f"{base()}/dataset/{dataset.name}/distribution/{fmt}")
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCTERMS.title, Literal(f"{dataset.title} ({fmt.upper()})")))
        graph.add((dist, DCAT.accessURL, URIRef(landing_url(dataset))))
        graph.add((dist, DCAT.downloadURL, URIRef(download_url(dataset, fmt))))
        graph.add((dist, DCTERMS.format, FILE_TYPE[fmt.upper()]))
        graph.add((dist, DCAT.mediaType, URIRef(IANA + MIMETYPES[fmt])))
        graph.add((dist, DCTERMS.modified, Literal(dataset.modified.isoformat(), datatype=XSD.dateTime)))
        graph.add((dist, DCTERMS.license, URIRef(dataset.licence["url"] or absolute(reverse("opendata:index")))))
        graph.add((uri, DCAT.distribution, dist))
    return uri


def catalogue_graph(catalogue: Catalogue) -> Graph:
    graph = Graph()
    for prefix, ns in CONTEXT.items():
        graph.bind(prefix, ns)
    uri = URIRef(f"{base()}/catalog")
    graph.add((uri, RDF.type, DCAT.Catalog))
    graph.add((uri, DCTERMS.title, Literal(str(catalogue.title))))
    graph.add((uri, DCTERMS.description, Literal(str(catalogue.description))))
    graph.add((uri, FOAF.homepage, URIRef(absolute(reverse("opendata:index")))))
    graph.add((uri, DCTERMS.modified, Literal(catalogue.modified.isoformat(), datatype=XSD.dateTime)))
    graph.add((uri, DCTERMS.language, URIRef("http://publications.europa.eu/resource/authority/language/IND")))
    if catalogue.licence["url"]:
        graph.add((uri, DCTERMS.license, URIRef(catalogue.licence["url"])))
    publisher = _agent(graph, URIRef(f"{base()}/publisher"), catalogue.publisher)
    graph.add((uri, DCTERMS.publisher, publisher))
    scheme = URIRef(f"{base()}/groups")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal(settings.PORTAL_REGION_NAME)))
    graph.add((uri, DCAT.themeTaxonomy, scheme))
    for dataset in catalogue.datasets:
        graph.add((uri, DCAT.dataset, _dataset(graph, catalogue, dataset, publisher, scheme)))
    return graph


def serialise(catalogue: Catalogue, fmt: str) -> str:
    graph = catalogue_graph(catalogue)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True)
    return graph.serialize(format="turtle")
