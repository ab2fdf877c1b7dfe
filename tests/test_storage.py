"""Files (docs/deployment.md, « Files »): STORAGE_URL is parsed strictly (config/settings/env.py),
and with an s3:// bucket the documents really go to an S3 server and come back, through a model's
FileField, through default_storage and through the pages that serve them.

The S3 server is moto's, in this process, on a free loopback port: moto with its S3 backend and
Flask, which its server needs (`moto[s3]` in requirements-dev.txt; `moto[server]` would bring every
AWS service's dependencies for nothing)."""

import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from storages.backends.s3 import S3Storage

from config.settings.env import env_storage, storage_settings
from essaim.activities.models import Tool
from essaim.calls.models import FeasibilityStudy, StudyAttachment
from essaim.grids import plans
from essaim.grids.models import EvaluationPhase
from tests.calls.helpers import PDF, pdf
from tests.factories import InnovationFactory, ProgrammeFactory, UserFactory
from tests.programmes.test_logo import png
from tests.test_deploy import manage

ROOT = Path(__file__).resolve().parent.parent
FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3 = "storages.backends.s3.S3Storage"
KEY_ID, SECRET = "ESSAIMTESTKEY", "S3cr3t-Never-Shown/0123456789abcdef"
REGION = "eu-west-3"


# STORAGE_URL, parsed


def test_unset_means_the_file_system_under_media_root():
    assert storage_settings("STORAGE_URL", "") == FILE_SYSTEM
    assert storage_settings("STORAGE_URL", "   ") == FILE_SYSTEM


@pytest.mark.parametrize(
    "url, expected",
    [
        ("s3://essaim-docs?region=eu-west-3", {"bucket_name": "essaim-docs", "location": "", "endpoint_url": None}),
        (
            "s3://essaim.docs/prod/fichiers/?region=fr-par&endpoint_url=https://s3.fr-par.scw.cloud",
            {"bucket_name": "essaim.docs", "location": "prod/fichiers", "endpoint_url": "https://s3.fr-par.scw.cloud"},
        ),
        (
            "S3://essaim-docs/media?endpoint_url=http://minio.interne:9000/&region=us-east-1&addressing_style=path",
            {"location": "media", "endpoint_url": "http://minio.interne:9000", "addressing_style": "path"},
        ),
        ("s3://essaim-docs/%C3%A9t%C3%A9?region=gra", {"location": "été", "region_name": "gra"}),
    ],
)
def test_an_s3_url(url, expected):
    config = storage_settings("STORAGE_URL", url)
    assert config["BACKEND"] == S3
    options = config["OPTIONS"]
    assert options.items() >= expected.items()
    # Never public: no ACL sent (objects are private), URLs signed and short-lived.
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] <= 3600 and options["file_overwrite"] is False
    assert "access_key" not in options and "secret_key" not in options  # boto3 finds them


def test_the_keys_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("STORAGE_URL", "s3://essaim-docs?region=eu-west-3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    options = env_storage("STORAGE_URL")["OPTIONS"]
    assert (options["access_key"], options["secret_key"]) == (KEY_ID, SECRET)
    monkeypatch.delenv("STORAGE_URL")
    assert env_storage("STORAGE_URL") == FILE_SYSTEM  # keys alone change nothing


@pytest.mark.parametrize(
    "url, message",
    [
        ("/srv/essaim/media", "STORAGE_URL must be an s3:// URL"),
        ("file:///srv/essaim/media", "(scheme: « file »)"),
        ("gs://essaim-docs", "(scheme: « gs »)"),
        (f"{KEY_ID}:{SECRET}@essaim-docs", "(scheme: none)"),
        (f"s3://{KEY_ID}:{SECRET}@essaim-docs?region=eu-west-3", "the keys do not go in the URL"),
        ("s3://Essaim_Docs?region=eu-west-3", "the bucket's name, after s3://, is 3 to 63"),
        ("s3://essaim-docs:9000?region=eu-west-3", "no port: the address goes in endpoint_url"),
        ("s3://?region=eu-west-3", "the bucket's name"),
        ("s3://192.168.0.10?region=eu-west-3", "the bucket's name"),
        (f"s3://{SECRET}?region=eu-west-3", "the bucket's name"),
        ("s3://essaim-docs/a//b?region=eu-west-3", "folders separated by single slashes"),
        ("s3://essaim-docs/../autre?region=eu-west-3", "folders separated by single slashes"),
        ("s3://essaim-docs?region=eu-west-3#x", "has no #fragment"),
        ("s3://essaim-docs?region", "not name=value pairs"),
        (f"s3://essaim-docs?region=eu-west-3&secret_key={SECRET}", "unknown parameter « secret_key »"),
        (f"s3://essaim-docs?region=eu-west-3&{SECRET}=1", "unknown parameter after ?"),
        ("s3://essaim-docs?region=eu-west-3&region=fr-par", "region is given twice"),
        ("s3://essaim-docs", "give the bucket's region"),
        ("s3://essaim-docs?region=EU_WEST", "give the bucket's region"),
        ("s3://essaim-docs?region=fr-par&endpoint_url=s3.fr-par.scw.cloud", "endpoint_url is the storage's address"),
        ("s3://essaim-docs?region=fr-par&endpoint_url=ftp://s3.exemple.fr", "endpoint_url is the storage's address"),
        (
            f"s3://essaim-docs?region=fr-par&endpoint_url=https://{KEY_ID}:{SECRET.replace('/', '')}@s3.exemple.fr",
            "endpoint_url is the storage's address",
        ),
        ("s3://essaim-docs?region=fr-par&endpoint_url=https://s3.exemple.fr/b", "endpoint_url is the storage's"),
        ("s3://essaim-docs?region=fr-par&endpoint_url=https://s3.exemple.fr:99999", "endpoint_url is the storage's"),
        ("s3://essaim-docs?region=fr-par&addressing_style=dns", "addressing_style is path, virtual or auto"),
    ],
)
def test_a_bad_url_is_refused_naming_the_variable_never_a_key(url, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        storage_settings("STORAGE_URL", url)
    text = str(refused.value)
    assert "STORAGE_URL" in text and message in text
    assert SECRET not in text and SECRET.replace("/", "") not in text


@pytest.mark.parametrize("given", [{"AWS_ACCESS_KEY_ID": KEY_ID}, {"AWS_SECRET_ACCESS_KEY": SECRET}])
def test_one_key_without_the_other_is_refused(monkeypatch, given):
    monkeypatch.setenv("STORAGE_URL", "s3://essaim-docs?region=eu-west-3")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in given.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(
        ImproperlyConfigured, match="AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together"
    ) as refused:
        env_storage("STORAGE_URL")
    assert SECRET not in str(refused.value) and KEY_ID not in str(refused.value)


def storages_of(module, **env):
    """STORAGES as `module` reads them from `env` alone, in a fresh interpreter."""
    ignored = ("STORAGE_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG")
    environ = {k: v for k, v in os.environ.items() if k not in ignored} | env
    code = f"import {module} as s; print(repr(s.STORAGES))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True)


def test_each_setting_reads_storage_url():
    url = "s3://essaim-docs/prod?region=fr-par&endpoint_url=https://s3.fr-par.scw.cloud"
    keys = {"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET}
    prod_keys = {"SECRET_KEY": "k" * 50, "PSEUDONYM_KEY": "p" * 40}
    for module, extra in (("config.settings.dev", {}), ("config.settings.prod", prod_keys)):
        result = storages_of(module, **extra)
        assert result.returncode == 0, result.stderr
        assert eval(result.stdout)["default"] == FILE_SYSTEM  # noqa: S307 - a repr printed just above
        result = storages_of(module, STORAGE_URL=url, **keys, **extra)
        assert result.returncode == 0, result.stderr
        storages = eval(result.stdout)  # noqa: S307
        assert storages["default"]["BACKEND"] == S3
        assert storages["default"]["OPTIONS"]["location"] == "prod"
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedStaticFilesStorage"
    result = storages_of("config.settings.dev", STORAGE_URL="s3://essaim-docs")
    assert result.returncode != 0 and "STORAGE_URL: give the bucket's region" in result.stderr


def test_check_deploy_is_clean_with_object_storage(tmp_path):
    url = "s3://essaim-docs/prod?region=fr-par&endpoint_url=https://s3.fr-par.scw.cloud"
    env = {"STORAGE_URL": url, "AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET}
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    result = manage(tmp_path, "check", "--deploy", STORAGE_URL="s3://essaim-docs?region=fr-par&acl=public-read")
    assert result.returncode != 0 and "STORAGE_URL: unknown parameter « acl »" in result.stderr


# Against an S3 server


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path, monkeypatch):
    """A new bucket on the S3 server, the default storage writing under its prefix `essaim/`.
    MEDIA_ROOT is an empty folder, which must stay empty."""
    import boto3

    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    name = f"essaim-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    url = f"s3://{name}/essaim?endpoint_url={s3_endpoint}&region={REGION}&addressing_style=path"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = settings.STORAGES | {"default": storage_settings("STORAGE_URL", url, KEY_ID, SECRET)}
    yield client, name
    assert not settings.MEDIA_ROOT.exists()


def stored(client, bucket_name):
    """{key: bytes} of every object in the bucket."""
    listing = client.list_objects_v2(Bucket=bucket_name).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=bucket_name, Key=item["Key"])["Body"].read() for item in listing}


def test_default_storage_saves_reads_and_deletes_in_the_bucket(bucket):
    client, name = bucket
    assert isinstance(default_storage, S3Storage)
    saved = default_storage.save("essais/note.txt", ContentFile(b"Compte rendu"))
    assert saved == "essais/note.txt"
    assert stored(client, name) == {"essaim/essais/note.txt": b"Compte rendu"}
    assert default_storage.exists(saved) and default_storage.size(saved) == 12
    with default_storage.open(saved, "rb") as handle:
        assert handle.read() == b"Compte rendu"
    # A second file under the same name gets another name, as on the file system.
    again = default_storage.save("essais/note.txt", ContentFile(b"Autre"))
    assert again != saved and again.startswith("essais/note_")
    # Private: nobody but the owner is granted anything, and a URL, if ever made, is signed.
    grants = client.get_object_acl(Bucket=name, Key="essaim/essais/note.txt")["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]
    address = default_storage.url(saved)
    assert "X-Amz-Signature=" in address and "X-Amz-Expires=300" in address
    default_storage.delete(saved)
    assert not default_storage.exists(saved)


def test_a_model_file_field_goes_to_the_bucket_and_back(bucket, db):
    client, name = bucket
    tool = Tool.objects.create(
        innovation=InnovationFactory(code="RALLYES"), kind="guide", title="Guide", file=ContentFile(PDF, "guide.pdf")
    )
    assert tool.file.name.startswith("boite-a-outils/RALLYES/") and tool.file.name.endswith(".pdf")
    assert stored(client, name) == {f"essaim/{tool.file.name}": PDF}
    again = Tool.objects.get(pk=tool.pk)
    with again.file.open("rb") as handle:
        assert handle.read() == PDF
    assert again.file.size == len(PDF)
    again.file.delete()
    assert stored(client, name) == {}


@pytest.fixture
def team(client, db):
    client.force_login(UserFactory(team=True))
    return client


def test_a_toolkit_file_is_uploaded_to_the_bucket_and_downloaded_from_it(bucket, team, client):
    bucket_client, name = bucket
    innovation = InnovationFactory(code="RALLYES")
    data = {"innovation": innovation.pk, "kind": "guide", "title": "Guide des Rallyes", "version": "1.0"}
    response = team.post(reverse("toolkit:create"), data | {"licence": "CC-BY-SA-4.0", "file": pdf("guide.pdf")})
    assert response.status_code == 302
    tool = Tool.objects.get()
    assert stored(bucket_client, name) == {f"essaim/{tool.file.name}": PDF}
    team.post(reverse("toolkit:publish", args=[tool.pk]), {"published": "1"})
    client.logout()
    response = client.get(reverse("toolkit:download", args=[tool.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="guide-des-rallyes-v1.0.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_a_feasibility_attachment_comes_from_the_bucket_and_a_lost_one_is_a_404(bucket, team):
    bucket_client, name = bucket
    FeasibilityStudy.objects.create(innovation=InnovationFactory(code="DELTA"), status="in_progress")
    upload = SimpleUploadedFile("etude.pdf", PDF)
    response = team.post(reverse("calls:attachment_add", args=["DELTA"]), {"title": "Étude finale", "file": upload})
    assert response.status_code == 302
    attachment = StudyAttachment.objects.get()
    key = f"essaim/{attachment.file.name}"
    assert stored(bucket_client, name) == {key: PDF}
    response = team.get(reverse("calls:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and 'filename="etude-finale.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    bucket_client.delete_object(Bucket=name, Key=key)
    response = team.get(reverse("calls:attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_a_phase_report_comes_from_the_bucket(bucket, world, personas, client):
    bucket_client, name = bucket
    plans.create_plan(world.innovation, datetime.date(2016, 12, 15))
    phase = EvaluationPhase.objects.get(number=1)
    phase.report, phase.report_name = SimpleUploadedFile("r.pdf", PDF), "rapport-phase-1.pdf"
    phase.save()
    assert stored(bucket_client, name) == {f"essaim/{phase.report.name}": PDF}
    client.force_login(personas["team"])
    response = client.get(reverse("grids:report", args=[world.innovation.code, 1]))
    assert response.status_code == 200 and 'filename="rapport-phase-1.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_a_programmes_logo_comes_from_the_bucket(bucket, db, client):
    bucket_client, name = bucket
    programme = ProgrammeFactory()
    programme.logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    programme.full_clean()
    programme.save()
    assert stored(bucket_client, name) == {f"essaim/{programme.logo.name}": png()}
    response = client.get(reverse("programmes:logo", args=[programme.code]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()
