"""Small builders for the pipeline tests: an open call with its rubric, a candidate, a review,
a document to upload."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from essaim.calls.enums import DEFAULT_CRITERIA, CallStatus
from essaim.calls.models import Call, Candidate, Criterion, Review
from tests.factories import StructureFactory, current_programme

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_call(year=2020, status=CallStatus.OPEN):
    call = Call.objects.create(
        programme=current_programme(),
        year=year,
        title=f"Appel à projets {year}",
        opens_on=datetime.date(year, 1, 15),
        closes_on=datetime.date(year, 3, 31),
        committee_on=datetime.date(year, 5, 15),
        status=status,
    )
    for position, (label, guidance) in enumerate(DEFAULT_CRITERIA, start=1):
        Criterion.objects.create(call=call, position=position, label=label, guidance=guidance)
    return call


def candidate(call, porteur=None, name="Projet Gamma", submitted_on=None):
    return Candidate.objects.create(
        call=call,
        porteur=porteur or StructureFactory(name=f"Porteur de {name}", kind="ASSOCIATION"),
        project_name=name,
        description="Une innovation qui a fait ses preuves.",
        submitted_on=submitted_on or datetime.date(call.year, 2, 1),
    )


def assign(candidate, *reviewers):
    return [Review.objects.create(candidate=candidate, reviewer=r) for r in reviewers]


def pdf(name="guide.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")
