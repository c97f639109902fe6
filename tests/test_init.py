"""`learnfolio init`: a knowledge base that builds strictly at once, and never overwrites."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from learnfolio.cli import main
from learnfolio.scaffold import InitError, InitOptions, _pin, pinned_requirements, plan_site
from tests.browser import browser_page, require_chromium, serve_dir
from tests.sitebuild import BuiltSite, rebuild, site_text


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """``learnfolio init`` with the sample notes, built strictly."""
    folder = tmp_path_factory.mktemp("kb") / "my-garden"
    assert main(["init", str(folder), "--author", "Ada Example", "--name", "Ada's notes"]) == 0
    return rebuild(folder, strict=True)


@pytest.fixture(scope="module")
def own_vault(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """``learnfolio init --source`` with an Obsidian vault and a plain folder, built strictly."""
    root = tmp_path_factory.mktemp("own")
    vault = root / "Garden"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian/templates.json").write_text('{"folder": "Templates"}', encoding="utf-8")
    (vault / "Templates").mkdir()
    (vault / "Templates/Daily.md").write_text("# {{date}}\n\n[[Nowhere]]\n", encoding="utf-8")
    (vault / "Entropy.md").write_text("# Entropy\n\nSee [[Coin flips]].\n", encoding="utf-8")
    course = root / "site/course notes"
    course.mkdir(parents=True)
    (course / "Coin flips.md").write_text("# Coin flips\n\nHeads or tails.\n", encoding="utf-8")
    code = main(["init", str(root / "site"), "--source", str(vault), "--source", str(course)])
    assert code == 0
    return rebuild(root / "site", strict=True)


def test_init_writes_every_file_a_published_site_needs(sample: BuiltSite) -> None:
    written = {p.relative_to(sample.root).as_posix() for p in sample.root.rglob("*") if p.is_file()}
    assert {
        "mkdocs.yml",
        "docs/index.md",
        "docs/about.md",
        "docs/blog/index.md",
        "docs/blog/.authors.yml",
        "notes/Start here.md",
        ".github/workflows/publish.yml",
        ".gitignore",
        "requirements.txt",
    } <= written
    config = (sample.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Ada\'s notes"' in config
    assert "font: false" in config
    workflow = yaml.safe_load((sample.root / ".github/workflows/publish.yml").read_text())
    steps = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    assert "python -m pip install -r requirements.txt" in steps
    assert "mkdocs build --strict" in steps
    assert "/site/" in (sample.root / ".gitignore").read_text(encoding="utf-8")


def test_init_home_page_shows_the_portfolio(sample: BuiltSite) -> None:
    home = sample.article("")
    assert "Ada Example" in home.get_text()
    assert home.select_one(".lf-figures") is not None
    assert "Why I keep my notes in public" in home.get_text()
    start = home.find("a", string="Start here")
    assert start is not None and start["href"] == "notes/start-here/"


def test_init_sample_notes_link_both_ways(sample: BuiltSite) -> None:
    recall = sample.article("notes/active-recall/")
    backlinks = recall.select_one(".lf-backlinks")
    assert backlinks is not None and "Start here" in backlinks.get_text()
    assert sample.page("about/").find(string=lambda t: "Ada Example" in t) is not None
    assert (sample.site_dir / "feed_rss_created.xml").exists()
    assert (sample.site_dir / "feed_atom.xml").exists()


def test_init_site_loads_nothing_from_other_hosts(sample: BuiltSite) -> None:
    for rel, data in site_text(sample.site_dir).items():
        if rel.endswith(".html"):
            assert b"fonts.googleapis.com" not in data, rel
            assert b"fonts.gstatic.com" not in data, rel


def test_init_site_opens_in_a_browser_without_errors(sample: BuiltSite) -> None:
    require_chromium()
    with serve_dir(sample.site_dir) as base, browser_page((1280, 800)) as page:
        for url in ("", "notes/start-here/", "blog/", "graph/"):
            response = page.goto(base + url)
            assert response is not None and response.ok, url
        page.goto(base + "notes/active-recall/")
        page.wait_for_selector(".lf-backlinks a")
        assert page.errors == []


def test_init_with_sources_publishes_them_instead_of_the_sample(own_vault: BuiltSite) -> None:
    config = yaml.safe_load(
        (own_vault.root / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", "")
    )
    learnfolio = next(
        p["learnfolio"] for p in config["plugins"] if isinstance(p, dict) and "learnfolio" in p
    )
    paths = [s["path"] for s in learnfolio["sources"]]
    assert paths[1] == "course notes"  # inside the site: relative to mkdocs.yml
    assert Path(paths[0]).is_absolute()  # outside it: absolute
    assert learnfolio["sources"][0]["exclude"] == ["Templates/**"]
    assert not (own_vault.root / "notes").exists()
    entropy = own_vault.article("garden/entropy/")
    assert entropy.find("a", string="Coin flips")["href"] == "../../course-notes/coin-flips/"
    assert not (own_vault.site_dir / "garden/templates").exists()
    nav = own_vault.page("").select_one("nav.md-nav--primary")
    assert nav is not None and "Garden" in nav.get_text()


def test_init_never_overwrites_and_says_what_is_in_the_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err
    assert "  mkdocs.yml" in err and "  docs/index.md" in err
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["docs", "index.md", "mkdocs.yml"]


def test_init_refuses_a_source_that_holds_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "vault/site"), "--source", str(tmp_path / "vault")]) == 1
    (tmp_path / "vault").mkdir()
    assert main(["init", str(tmp_path / "vault/site"), "--source", str(tmp_path / "vault")]) == 1
    first, second = capsys.readouterr().err.strip().splitlines()
    assert f"--source {tmp_path / 'vault'}: no such folder." in first
    assert "would be inside this source" in second
    assert not (tmp_path / "vault/site").exists()


def test_init_repo_gives_the_github_pages_address(tmp_path: Path) -> None:
    plan = plan_site(InitOptions(tmp_path / "kb", repo="https://github.com/ada/notes.git"))
    config = next(f.text for f in plan.files if f.path.name == "mkdocs.yml")
    assert 'site_url: !ENV [SITE_URL, "https://ada.github.io/notes/"]' in config
    assert "repo_url: https://github.com/ada/notes\n" in config
    user_site = plan_site(InitOptions(tmp_path / "kb", repo="https://github.com/Ada/ada.github.io"))
    assert '"https://ada.github.io/"' in next(
        f.text for f in user_site.files if f.path.name == "mkdocs.yml"
    )
    with pytest.raises(InitError, match="--repo: expected a GitHub repository"):
        plan_site(InitOptions(tmp_path / "kb", repo="https://gitlab.com/ada"))


def test_init_names_with_quotes_stay_valid_yaml(tmp_path: Path) -> None:
    plan = plan_site(InitOptions(tmp_path / "kb", name='Notes: "maths"', author="Zoë O'Neil"))
    texts = {f.path.relative_to(tmp_path / "kb").as_posix(): f.text for f in plan.files}
    config = yaml.safe_load(texts["mkdocs.yml"].replace("!ENV", ""))
    assert config["site_name"] == 'Notes: "maths"'
    assert config["site_author"] == "Zoë O'Neil"
    authors = yaml.safe_load(texts["docs/blog/.authors.yml"])["authors"]
    assert authors == {
        "zoë-oneil": {
            "name": "Zoë O'Neil",
            "description": "Learning in public",
            "avatar": "assets/avatar.svg",
        }
    }
    assert 'aria-label="Zoë O&#x27;Neil"' in texts["docs/assets/avatar.svg"]


def test_pinned_requirements_pin_learnfolio_and_what_it_runs_on() -> None:
    lines = [line for line in pinned_requirements().splitlines() if not line.startswith("#")]
    names = {line.split("==")[0].lower() for line in lines}
    assert all("==" in line for line in lines)
    assert {"learnfolio", "mkdocs", "mkdocs-material", "mkdocs-jupyter", "pyyaml"} <= names
    assert "pytest" not in names and "ruff" not in names
    assert json.dumps(sorted(lines, key=str.casefold)) == json.dumps(lines)


def test_pinned_requirements_keep_a_git_install_installable(tmp_path: Path) -> None:
    info = tmp_path / "learnfolio-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Name: learnfolio\nVersion: 0.1.0\n", encoding="utf-8")
    direct = {
        "url": "https://github.com/ada/learnfolio",
        "vcs_info": {"vcs": "git", "commit_id": "abc123"},
    }
    (info / "direct_url.json").write_text(json.dumps(direct), encoding="utf-8")
    dist = metadata.PathDistribution(info)
    assert _pin(dist) == "learnfolio @ git+https://github.com/ada/learnfolio@abc123"
    (info / "direct_url.json").unlink()
    assert _pin(dist) == "learnfolio==0.1.0"
