"""A wave led by a network, in the reference data: `wave_led_by` names a network code."""

import pytest

from essaim.reference.load import load_reference_data
from essaim.reference.loader import ReferenceDataError
from essaim.swarming.models import Adoption
from tests.reference.test_loader import broken_copy

PG_13 = 'structure = "pg-structure-13"\nsince = "2016-06-01"\nwave = "2016"\n'


def test_a_wave_led_by_a_network_loads(db, tmp_path):
    path = broken_copy(tmp_path, PG_13, PG_13.replace('wave = "2016"', 'wave = "cohorte 2"\nwave_led_by = "COORACE"'))
    load_reference_data(path)
    adoption = Adoption.objects.get(structure__key="pg-structure-13")
    assert (adoption.wave, adoption.wave_led_by.code) == ("cohorte 2", "COORACE")
    assert {line for _, line in load_reference_data(path)} == {"inchangé"}


def test_an_unknown_network_is_refused(db, tmp_path):
    path = broken_copy(tmp_path, PG_13, PG_13 + 'wave_led_by = "COORAC"\n')
    with pytest.raises(ReferenceDataError, match="champ wave_led_by : réseau inconnu « COORAC »"):
        load_reference_data(path)
