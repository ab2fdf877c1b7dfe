"""The file waiting between a dry run and its confirmation is taken by one confirmation only,
even when two arrive together (a double click, two tabs): each read the session before the other
saved it, so both find the token; the file system lets one of them claim it."""

from django.test import override_settings

from essaim.imports import upload_flow


def test_two_confirmations_at_once_claim_the_file_once(tmp_path):
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        path = upload_flow.path_of("a" * 32, ".csv")
        path.write_text("code;valeur\nA;1\n")
        first, second = {}, {}
        upload_flow.remember(first, "depots", "a" * 32, "LREF", "chiffres.csv")
        second.update(first)  # the second request read the session before the first saved it
        taken = [upload_flow.take(session, "depots", "a" * 32, "LREF") for session in (first, second)]
        assert taken[1] is None  # found gone: nothing to import twice
        claimed, name = taken[0]
        assert name == "chiffres.csv" and claimed.read_text() == "code;valeur\nA;1\n"
        assert claimed.suffix == ".csv" and not path.exists()  # its reader still knows its format
