"""Merging two records of one structure (the same association entered twice, an unnamed structure
of the sources found at last): every row that points to the duplicate — adoptions, figures,
memberships, applications… — moves to the structure kept, which gains the
duplicate's networks and the facts it lacked (SIRET, département, commune); then the duplicate
is deleted. Both histories say so, with who did it.

The registry is shared by every programme of the installation, but a team works in its own: a
duplicate that another programme's rows point to is refused (the installation's operator merges
it: `manage.py merge_structures`). So is a duplicate with people followed (their pseudonyms are
keyed by their structure: moved, they could no longer be found by their reference), and a merge
that would give the kept structure two rows where one is allowed (two adoptions of one
innovation…). A refusal changes nothing."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from essaim.accounts.models import Membership
from essaim.programmes.scope import ScopedManager, unscoped

FILLED_FROM_DUPLICATE = ("siret", "departement", "city")


class MergeRefused(Exception):
    def __init__(self, reasons):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def pointing_relations(model):
    """The foreign keys to a structure: (model, field name, path to the programme or None)."""
    found = []
    for relation in model._meta.related_objects:
        related = relation.related_model
        if related._meta.model_name.startswith("historical") or relation.many_to_many:
            continue
        manager = related._default_manager
        if isinstance(manager, ScopedManager):
            path = manager.scope_path
        elif any(f.name == "programme" for f in related._meta.fields):
            path = "programme"
        else:
            path = None
        found.append((related, relation.field.name, path))
    return found


def rows(model, field, structure):
    return model._base_manager.filter(**{field: structure})


def unique_groups(model, field):
    """The sets of fields unique together that include `field`, without it."""
    groups = [set(group) for group in model._meta.unique_together]
    groups += [set(c.fields) for c in model._meta.constraints if getattr(c, "fields", None) and not c.condition]
    return [sorted(group - {field}) for group in groups if field in group]


def refusals(kept, duplicate, programme):
    """Why the merge cannot be done, in French (an empty list: it can)."""
    reasons = []
    if kept.pk == duplicate.pk:
        return ["Choisissez une autre structure que celle-ci."]
    with unscoped():
        people = duplicate.beneficiaries.count()
        if people:
            reasons.append(
                f"« {duplicate} » a {people} personne{'s' if people > 1 else ''} suivie{'s' if people > 1 else ''} : "
                "leur pseudonyme tient à leur structure, et une fusion les rendrait introuvables par leur référence. "
                "Seule une fiche sans personnes suivies se fusionne dans une autre : gardez plutôt celle-là."
            )
        for model, field, path in pointing_relations(type(kept)):
            name = model._meta.verbose_name_plural
            if programme is not None and path is not None:
                outside = rows(model, field, duplicate).exclude(**{path: programme.pk}).count()
                if outside:
                    reasons.append(
                        f"« {duplicate} » sert aussi à un autre programme ({name} : {outside}) : "
                        "seul l'administrateur de l'installation peut la fusionner."
                    )
            for group in unique_groups(model, field):
                theirs = rows(model, field, duplicate).values_list(*group)
                ours = set(rows(model, field, kept).values_list(*group))
                clashes = [values for values in theirs if values in ours]
                if clashes:
                    example = rows(model, field, kept).filter(**dict(zip(group, clashes[0], strict=True))).first()
                    reasons.append(
                        f"Les deux structures ont chacune une ligne de {name} pour la même chose "
                        f"(par exemple « {example} ») : réglez ce doublon avant de fusionner."
                    )
    return reasons


@transaction.atomic
def merge(kept, duplicate, by, programme):
    """Move everything of `duplicate` to `kept` and delete `duplicate`; MergeRefused otherwise.
    Returns {model's plural name: rows moved}."""
    reasons = refusals(kept, duplicate, programme)
    if reasons:
        raise MergeRefused(reasons)
    moved = {}
    with unscoped():
        for model, field, _ in pointing_relations(type(kept)):
            found = list(rows(model, field, duplicate))
            if not found:
                continue
            for row in found:
                setattr(row, field, kept)
            if hasattr(model, "history"):  # each row's history says it moved
                for row in found:
                    row._change_reason = f"Fusion de « {duplicate.name} » dans « {kept.name} »"
                bulk_update_with_history(found, model, [field], default_user=by)
            else:
                model._base_manager.filter(pk__in=[row.pk for row in found]).update(**{field: kept})
            moved[str(model._meta.verbose_name_plural)] = len(found)
    end_double_memberships(kept, by)
    kept.networks.add(*duplicate.networks.all())
    duplicate_pk = duplicate.pk
    duplicate._change_reason = f"Fusionnée dans « {kept.name} » (n° {kept.pk})"[:100]
    duplicate.delete()  # first: its SIRET is unique
    for name in FILLED_FROM_DUPLICATE:
        if not getattr(kept, name) and getattr(duplicate, name):
            setattr(kept, name, getattr(duplicate, name))
    kept._change_reason = f"Fusion avec « {duplicate.name} » (n° {duplicate_pk})"[:100]
    kept.save()
    return moved


def end_double_memberships(structure, by):
    """A person who held the same membership in both records keeps one (a referent, if either was)."""
    seen = {}
    active = Membership.objects.active().filter(structure=structure).order_by("-is_lead", "started_at", "pk")
    for membership in active:
        key = (membership.user_id, membership.programme_id, membership.role)
        if key in seen:
            Membership.objects.filter(pk=membership.pk).update(ended_at=timezone.now(), ended_by=by)
        else:
            seen[key] = membership


def candidates(structure, structures):
    """Likely duplicates of `structure` among `structures`: the same name once written the same
    way, or the same SIRET."""
    same = Q(sort_name=structure.sort_name)
    if structure.siret:
        same |= Q(siret=structure.siret)
    return structures.filter(same).exclude(pk=structure.pk)


def what_moves(duplicate):
    """What a merge would move: [(plural name, rows)], every programme's rows counted."""
    found = []
    with unscoped():
        for model, field, _ in pointing_relations(type(duplicate)):
            count = rows(model, field, duplicate).count()
            if count:
                found.append((str(model._meta.verbose_name_plural), count))
    return found
