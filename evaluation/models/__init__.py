"""Models of the yearly smart city evaluation: the framework (data, not code), periods and answers, documents and
the risk register. Split by topic; import from here."""

from .framework import Component, DimensionMapping, Item, NationalDimension
from .periods import Answer, Document, EvaluationPeriod, document_upload_to
from .risks import Risk

__all__ = [
    "Answer",
    "Component",
    "DimensionMapping",
    "Document",
    "EvaluationPeriod",
    "Item",
    "NationalDimension",
    "Risk",
    "document_upload_to",
]
