"""Model validation for imported rows, so that the rules stay in the models and validators."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def changed_fields(instance, values):
    """The names in `values` (attribute names: `departement_id`, not `departement`) whose value
    differs from the instance's."""
    return [name for name, value in values.items() if getattr(instance, name) != value]


def apply(instance, values):
    for name, value in values.items():
        setattr(instance, name, value)


def report(error, spec, row, errors, *, column=None):
    """Put a model ValidationError on the columns its fields come from.

    `column` forces one column (history entries report on the column that asked for them);
    fields the file does not carry are named in the message."""
    if not hasattr(error, "error_dict"):
        errors.add(spec.name, row, column, " ".join(error.messages))
        return
    for field, messages in error.message_dict.items():
        target = column or spec.column_for_field(field)
        text = " ".join(messages)
        if target is None and field != NON_FIELD_ERRORS:
            text = f"champ {field} : {text}"
        errors.add(spec.name, row, target, text)


def full_clean(instance, spec, row, errors, *, exclude=(), column=None):
    """Run the model's own validation (fields, validators, clean()); uniqueness and foreign
    keys are checked by the importer against the lookups it read once, not row by row."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        report(error, spec, row, errors, column=column)
        return False
    return True
