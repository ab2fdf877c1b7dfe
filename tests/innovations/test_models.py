import datetime

import pytest
from django.core.exceptions import ValidationError

from essaim.innovations.models import Innovation
from tests.factories import InnovationFactory, StructureFactory


def test_a_duplicate_code_is_refused_in_french(db):
    InnovationFactory(code="VITA-AIR")
    innovation = Innovation(code="VITA-AIR", name="Copie", porteur=StructureFactory())
    with pytest.raises(ValidationError) as error:
        innovation.full_clean()
    assert error.value.message_dict["code"] == ["Une innovation porte déjà ce code."]


@pytest.mark.parametrize("code", ["vita-air", "VITA AIR", "-VITA", "VITA--AIR", ""])
def test_malformed_codes_are_refused(db, code):
    innovation = Innovation(code=code, name="Essai", porteur=StructureFactory())
    with pytest.raises(ValidationError) as error:
        innovation.full_clean()
    assert "code" in error.value.message_dict


def test_exit_before_entry_is_refused(db):
    innovation = InnovationFactory.build(
        porteur=StructureFactory(), entered_on=datetime.date(2018, 1, 1), exited_on=datetime.date(2017, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        innovation.full_clean()
    assert "exited_on" in error.value.message_dict
