"""seed_demo builds the demo people with tests/factories.py, which needs factory_boy (a dev
dependency): without it, the command says what is missing instead of failing with a
traceback, and writes nothing."""

from tests.site.test_configuration import manage

NO_FACTORY_BOY = 'raise ModuleNotFoundError("No module named \'factory\'", name="factory")\n'


def test_without_factory_boy_seed_demo_says_what_to_install(tmp_path):
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "factory.py").write_text(NO_FACTORY_BOY)
    database = tmp_path / "seed.sqlite3"
    result = manage(
        "seed_demo",
        "--with-therapist",
        PYTHONPATH=str(shadow),
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "factory_boy" in result.stderr
    assert "make install" in result.stderr
    assert not database.exists() or database.stat().st_size == 0
