"""Committing and publishing: the pre-commit hook, `board check` on the working tree, and the
GitHub Actions / GitLab CI workflows, whose shell steps are run here on the sample community.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import NOTICE, REPO, TinyProject
from generator.cli import COMMANDS, build_parser

BIN = Path(sys.executable).parent
BOARD = BIN / "board"
GITHUB = REPO / ".github" / "workflows" / "publish.yml"
GITLAB = REPO / ".gitlab-ci.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
ANNOTATION = re.compile(r"^::(error|warning) file=[^,:]+(,line=\d+)?::.+$")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def env(**extra: str) -> dict[str, str]:
    """The environment CI steps run in: the venv's `board` and `python` first on PATH."""
    base = {k: v for k, v in os.environ.items() if k not in ("BOARD_PROGRESS",)}
    base.update(PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", BOARD_TODAY="2026-11-29",
                NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1", **extra)
    return base


def sh(command: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, shell=True, cwd=cwd, env=env(), capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


def load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def github_steps() -> list[dict]:
    return load(GITHUB)["jobs"]["build"]["steps"]  # type: ignore[index]


def github_commands() -> list[str]:
    return [line for step in github_steps() if "run" in step
            for line in step["run"].splitlines() if line.strip()]


def gitlab_commands(job: str) -> list[str]:
    return list(load(GITLAB)[job]["script"])  # type: ignore[index]


# --- the files parse and say what they must ------------------------------------------------------

def test_github_workflow_checks_builds_with_history_and_publishes_hourly() -> None:
    workflow = load(GITHUB)
    assert isinstance(workflow, dict)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(triggers)
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    assert re.fullmatch(r"\d{1,2} \* \* \* \*", cron), "hourly, so items appear and expire on time"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = github_steps()
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert steps.index(checkout) == 0
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "pull_request" in deploy["if"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    commands = github_commands()
    assert "board check --format github" in commands
    assert commands.index("board check --format github") < commands.index("board build")


BUILD_CACHE = {".cache/board", ".cache/pages", "site"}


def test_both_workflows_keep_the_render_and_page_caches_between_runs() -> None:
    """Without them every push and every hourly rebuild draws and renders everything again."""
    cache = next(s for s in github_steps() if s.get("uses", "").startswith("actions/cache@"))
    assert set(cache["with"]["path"].split()) == BUILD_CACHE
    assert "generator/pagecache.py" in cache["with"]["key"] and "restore-keys" in cache["with"]
    steps = github_steps()
    build = next(s for s in steps if s.get("run") == "board build")
    assert steps.index(cache) < steps.index(build)
    caches = load(GITLAB)["pages"]["cache"]  # type: ignore[index]
    keyed = next(c for c in caches if isinstance(c["key"], dict))
    assert set(keyed["paths"]) == BUILD_CACHE
    assert "generator/pagecache.py" in keyed["key"]["files"]


def test_gitlab_ci_checks_builds_with_history_and_publishes_public() -> None:
    ci = load(GITLAB)
    assert isinstance(ci, dict)
    assert str(ci["variables"]["GIT_DEPTH"]) == "0"
    assert ci["default"]["image"].startswith("python:3.11") and "slim" not in ci["default"]["image"], \
        "slim images have no git, and the build reads revision history with git"
    assert "board check" in gitlab_commands("check")
    pages = ci["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    script = gitlab_commands("pages")
    assert script.index("board build") < script.index("cp -al site public")  # site/ stays for the cache
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "schedule" in GITLAB.read_text(encoding="utf-8").lower()  # how to set the hourly rebuild


@pytest.mark.parametrize("command", sorted({*github_commands(), *gitlab_commands("check"),
                                            *gitlab_commands("pages")}))
def test_every_ci_command_exists(command: str) -> None:
    """Each step's program exists here; each `board` call parses with the real CLI."""
    words = shlex.split(command)
    if words[0] == "board":
        parser = build_parser()
        args = parser.parse_args(words[1:])  # exits 2 on an unknown option
        assert args.command in {c.replace("_", "-") for c in COMMANDS}
    elif "apt-get" in words:  # the rare-hanzi font (display/rarefonts.py), as .ci/run installs it
        assert words[-1] == "fonts-hanazono" and "fonts-hanazono" in (REPO / ".ci" / "run").read_text()
    elif words[:4] == ["python", "-m", "pip", "install"]:
        assert words[4:] == ["-e", "."], "editable: display/ finds its fonts next to the package"
        assert (REPO / "pyproject.toml").is_file()
    else:
        assert shutil.which(words[0]), f"{words[0]} not found"


def test_the_installed_script_is_the_one_ci_calls() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["board"] == "generator.cli:main"
    assert BOARD.is_file()


def test_pre_commit_hook_definition() -> None:
    hooks = load(HOOKS)
    assert isinstance(hooks, list)
    (hook,) = hooks
    assert hook["id"] == "board-check"
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert shlex.split(hook["entry"]) == ["board", "check"]
    files = re.compile(hook["files"])
    for path in ("content/notices/2026-11-停水通知.md", "content/publicity/images/a.png",
                 "mkdocs.yml", "archetypes/notice.md"):
        assert files.search(path), path
    for path in ("README.md", "generator/cli.py", "docs/mkdocs.yml.bak"):
        assert not files.search(path), path


# --- the commands succeed on the sample community ---------------------------------------------

def test_ci_check_step_passes_on_the_sample_community_and_prints_annotations() -> None:
    result = sh("board check --format github", REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    for line in result.stdout.splitlines():
        assert ANNOTATION.match(line), line


def test_ci_check_step_annotates_a_mistake_on_its_line(tiny: TinyProject) -> None:
    tiny.add_item("notices/bad.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-31"))
    result = sh("board check --format github", tiny.root)
    assert result.returncode == 1
    assert "::error file=content/notices/bad.md,line=4::" in result.stdout


def test_next_change_step_succeeds() -> None:
    result = sh("board next-change", REPO)
    assert result.returncode == 0, result.stderr


def _copy_community(dest: Path) -> Path:
    """The sample community as CI sees it: a fresh clone with full history, no site/ yet."""
    dest.mkdir()
    for name in ("mkdocs.yml", "content", "theme", "archetypes"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    git = ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*git, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "sample community"], cwd=dest, check=True)
    return dest


@pytest.mark.slow
@needs_git
def test_ci_steps_run_in_order_on_a_fresh_checkout(tmp_path: Path) -> None:
    """GitHub's steps, then GitLab's publishing lines, on a copy of the sample community.

    The install step is not run (it would replace the test environment's editable install);
    test_every_ci_command_exists checks it. `board build` runs once and serves both files.
    """
    work = _copy_community(tmp_path / "community")
    for command in github_commands():
        if command.startswith(("python -m pip install", "sudo apt-get")):
            continue  # installs: checked by test_every_ci_command_exists
        result = sh(command, work, timeout=900)
        assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert (work / "site" / "index.html").is_file()
    assert "github-pages" not in os.listdir(work)  # nothing left behind but site/
    gitlab = gitlab_commands("pages")
    assert [c for c in gitlab if c.startswith("board")] == [
        c for c in github_commands() if c in ("board build", "board next-change")]
    for command in gitlab:
        if command.startswith(("python -m pip install", "board", "apt-get")):
            continue  # installed and built above: same commands
        result = sh(command, work)
        assert result.returncode == 0, command + result.stderr
    assert (work / "public" / "index.html").is_file()


# --- board check reads the working tree (what the editor sees), and the hook sees staged content

def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=编辑", "-c", "user.email=clerk@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                          capture_output=True, text=True, encoding="utf-8").stdout


@needs_git
def test_board_check_checks_uncommitted_edits_in_the_working_tree(tiny: TinyProject) -> None:
    path = tiny.add_item("notices/water.md", NOTICE)
    _git(tiny.root, "init", "-q")
    _git(tiny.root, "add", "-A")
    _git(tiny.root, "commit", "-q", "-m", "停水通知")
    assert sh("board check", tiny.root).returncode == 0

    path.write_text(NOTICE.replace("date: 2026-11-20", "date: 2026-13-01"), encoding="utf-8")
    tiny.add_item("notices/new.md", "---\ntype: notice\ntitle: 新通知\n---\n")  # untracked
    assert _git(tiny.root, "status", "--porcelain").strip()
    result = sh("board check", tiny.root)
    assert result.returncode == 1
    assert "content/notices/water.md:4:" in result.stdout
    assert "content/notices/new.md" in result.stdout and "date" in result.stdout


@needs_git
def test_with_unstaged_edits_put_aside_the_hook_checks_what_will_be_committed(tiny: TinyProject) -> None:
    """pre-commit stashes unstaged changes before running hooks; do the same by hand."""
    path = tiny.add_item("notices/water.md", NOTICE)
    _git(tiny.root, "init", "-q")
    _git(tiny.root, "add", "-A")
    _git(tiny.root, "commit", "-q", "-m", "停水通知")
    path.write_text(NOTICE.replace("date: 2026-11-20", "date: 2026-13-01"), encoding="utf-8")
    _git(tiny.root, "add", str(path))                        # a mistake is staged...
    path.write_text(NOTICE, encoding="utf-8")                # ...and fixed only in the working tree
    assert sh("board check", tiny.root).returncode == 0     # the editor's view is fine
    _git(tiny.root, "stash", "push", "-q", "--keep-index", "--include-untracked")
    try:
        result = sh("board check", tiny.root)                # what pre-commit's hook run sees
        assert result.returncode == 1 and "content/notices/water.md:4:" in result.stdout
    finally:
        _git(tiny.root, "reset", "-q", "--hard")
        _git(tiny.root, "stash", "pop", "-q")
    assert sh("board check", tiny.root).returncode == 0


# --- machine-readable output: GitHub annotations and JSON carry file and line -------------------

def _parse_annotation(line: str) -> dict[str, str]:
    """Undo GitHub's workflow-command escaping (the runner does the same)."""
    match = re.fullmatch(r"::(error|warning) (.*?)::(.*)", line)
    assert match, line
    props = dict(part.split("=", 1) for part in match[2].split(","))
    unescape = lambda s: s.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")  # noqa: E731
    return {"kind": match[1], **{k: unescape(v) for k, v in props.items()},
            "message": match[3].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")}


def test_github_and_json_formats_carry_file_and_line(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    tiny.add_item("notices/bad.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-31"))
    tiny.add_item("notices/a,b:c.md", NOTICE.replace("停水通知", "100% 【请填写：标题】"))
    argv = ["check", "-f", str(tiny.config_file), "--today", "2026-11-29"]

    assert main([*argv, "--format", "json"]) == 1
    import json

    problems = json.loads(capsys.readouterr().out)
    errors = {(p["path"], p["line"]) for p in problems if p["severity"] == "error"}
    assert ("content/notices/bad.md", 4) in errors
    assert ("content/notices/a,b:c.md", 3) in errors
    assert all({"path", "line", "severity", "field", "message"} <= set(p) for p in problems)

    assert main([*argv, "--format", "github"]) == 1
    annotations = [_parse_annotation(line) for line in capsys.readouterr().out.splitlines()]
    found = {(a["file"], a.get("line")) for a in annotations if a["kind"] == "error"}
    assert ("content/notices/bad.md", "4") in found
    assert ("content/notices/a,b:c.md", "3") in found
    title = next(a for a in annotations if a["file"] == "content/notices/a,b:c.md")
    assert "还没有填写：标题" in title["message"]
