"""An addon calling napi_* with NULL pointers gets a status, never a crash."""

import pytest

from conftest import load_test_addon
from napi_status import Status


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("null_args")


def test_null_env_is_invalid_arg_everywhere(addon):
    statuses = addon.nullEnvStatuses()
    assert len(statuses) > 50
    wrong = {name: Status(s).name for name, s in statuses.items() if s != Status.napi_invalid_arg}
    assert wrong == {}


def test_null_pointer_arguments_are_invalid_arg(addon):
    statuses = addon.nullArgStatuses()
    assert len(statuses) > 50
    wrong = {name: Status(s).name for name, s in statuses.items() if s != Status.napi_invalid_arg}
    assert wrong == {}
