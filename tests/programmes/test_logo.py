"""A programme's logo: a real PNG, JPEG or WebP image of at most 1 Mo, shown on its public pages
and served to anyone."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def png(size=(40, 20)):
    data = io.BytesIO()
    Image.new("RGB", size, (30, 60, 90)).save(data, format="PNG")
    return data.getvalue()


def test_the_public_page_shows_the_programmes_logo(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    programme = ProgrammeFactory()
    programme.logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    programme.full_clean()
    programme.save()
    page = client.get(reverse("reports:public")).content.decode()
    address = reverse("programmes:logo", args=[programme.code])
    assert f'<img class="programme-logo" src="{address}" alt="Logo : AIS#Emploi">' in page
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "extension"),
        ("logo.png", b"GIF89a pas une image", "pas une image"),
        ("logo.png", png((2000, 2000)) + b"\0" * (1024 * 1024), "1 024 Ko au plus"),
    ],
)
def test_a_logo_that_is_not_a_small_image_is_refused_in_french(name, content, message):
    programme = ProgrammeFactory()
    programme.logo = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as refused:
        programme.full_clean()
    assert message in " ".join(refused.value.message_dict["logo"])
