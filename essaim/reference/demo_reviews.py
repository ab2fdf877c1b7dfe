"""Demo reviews of one call for projects (`data/demo_reviews.toml`): the reviewers are the demo
accounts, assigned by the demo team account, and every review says that its scores are made up
(the documents tell which projects the selection committee picked, not how it scored them).

Loaded by `manage.py create_demo_accounts` after the accounts, never by the reference dataset.
The domain's rules hold: only the roles that review may review, nobody reviews a project of
their own structure, a score stays within its criterion's range, and every review was sent
before the committee decided. Idempotent like the reference loader (`Loader.upsert`): a second
run changes nothing.
"""

import tomllib
from pathlib import Path

from django.db import transaction

from essaim.accounts.models import User
from essaim.calls.models import Call, Review, Score
from essaim.calls.perms import can_be_reviewer, conflict_of_interest
from essaim.reference.loader import Loader, ReferenceDataError

DEMO_REVIEWS_FILE = Path(__file__).resolve().parent / "data" / "demo_reviews.toml"


class DemoReviewsLoader(Loader):
    def user(self, where, email, field):
        user = User.objects.filter(email=email).first()
        if user is None:
            self.fail(where, f"champ {field} : compte inconnu « {email} » (créez d'abord les comptes de démonstration)")
        return user

    def load(self):
        with open(self.path, "rb") as handle:
            data = tomllib.load(handle)
        call = Call.objects.filter(year=data.get("call")).first()
        if call is None:
            self.fail("call", f"appel à projets {data.get('call')} absent : chargez d'abord le jeu de référence")
        criteria = {c.label: c for c in call.criteria.all()}
        assigned_by = self.user("assigned_by", data.get("assigned_by"), "assigned_by")
        marker = data.get("marker", "")
        with transaction.atomic():
            for n, row in enumerate(data.get("reviews", []), start=1):
                where = f"[[reviews]] n°{n} ({row.get('candidate', '?')} × {row.get('reviewer', '?')})"
                candidate = call.candidates.filter(project_name=row.get("candidate", "")).first()
                if candidate is None:
                    self.fail(where, f"champ candidate : candidature inconnue à l'{call}")
                reviewer = self.user(where, row.get("reviewer"), "reviewer")
                if not can_be_reviewer(reviewer):
                    self.fail(where, "champ reviewer : ce rôle n'évalue pas les candidatures")
                reason = conflict_of_interest(reviewer, candidate)
                if reason:
                    self.fail(where, f"champ reviewer : {reason}")
                submitted_at = row.get("submitted_at")
                decision = candidate.decisions.order_by("decided_on").first()
                if decision and (submitted_at is None or submitted_at.date() > decision.decided_on):
                    self.fail(where, "champ submitted_at : une évaluation est envoyée avant la décision du comité")
                values = {
                    "assigned_by": assigned_by,
                    "assigned_at": data.get("assigned_at"),
                    "conflict_declared": False,
                    "conflict_note": "",
                    "comment": marker + row.get("comment", ""),
                    "submitted_at": submitted_at,
                }
                review = self.upsert(
                    "évaluations", where, Review, {"candidate": candidate, "reviewer": reviewer}, values
                )
                for m, score in enumerate(row.get("scores", []), start=1):
                    here = f"{where}, note n°{m}"
                    if score.get("criterion") not in criteria:
                        self.fail(here, f"champ criterion : critère inconnu « {score.get('criterion')} »")
                    values = {"value": score.get("value"), "comment": score.get("comment", "")}
                    lookup = {"review": review, "criterion": criteria[score["criterion"]]}
                    self.upsert("notes", here, Score, lookup, values)
                if review.scores.count() != len(criteria):
                    self.fail(where, "champ scores : une évaluation envoyée note chaque critère de la grille")
        return self.report


def load_demo_reviews(path=DEMO_REVIEWS_FILE):
    """Load the demo reviews, all or nothing; return a Counter of (table, outcome) → count."""
    try:
        return DemoReviewsLoader(path).load()
    except FileNotFoundError:
        raise ReferenceDataError(f"Fichier introuvable : {path}") from None
