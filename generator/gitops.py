"""The few git steps a clerk needs (add, commit, push), with git's English turned into advice.

`board publish` and `board withdraw --publish` use these. git runs with LC_ALL=C so that its
answers can be recognised; what the clerk reads is always Chinese, with git's own words kept
underneath for whoever helps them. Nothing here ever rewrites history or forces a push.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """A git step failed; `message` says in Chinese what happened and what to do."""

    def __init__(self, message: str, *, committed: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.committed = committed  # the commit exists locally; only the push failed


@dataclass(frozen=True)
class Change:
    status: str  # A added, M modified, D deleted, R renamed
    path: str  # relative to the repository root, forward slashes
    old_path: str = ""  # for renames


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(LC_ALL="C", LANG="C", LANGUAGE="C", GIT_TERMINAL_PROMPT="0", GIT_ASKPASS="",
               SSH_ASKPASS="", GCM_INTERACTIVE="never")
    return env


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                                encoding="utf-8", errors="replace", env=_env(), timeout=600,
                                stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GitError("这台电脑上没有安装 git。请先安装 git（Windows：https://git-scm.com 下载安装，"
                       "或安装 GitHub Desktop），再运行本命令。") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} 超过 10 分钟没有完成，已停止。请检查网络后再试。") from None
    if check and result.returncode != 0:
        raise GitError(f"git {args[0]} 没有成功。\n{_original(result)}")
    return result


def _original(result: subprocess.CompletedProcess[str]) -> str:
    text = (result.stderr.strip() or result.stdout.strip())
    return "git 的原始信息（供帮你处理的人参考）：\n" + "\n".join("    " + line for line in text.splitlines()[:12])


def repo_root(folder: Path) -> Path | None:
    result = git(folder, "rev-parse", "--show-toplevel", check=False)
    return Path(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else None


def stage(repo: Path, pathspec: str) -> list[Change]:
    """`git add -A` below `pathspec`; the staged changes there (nothing staged elsewhere is touched)."""
    git(repo, "add", "-A", "--", pathspec)
    out = git(repo, "diff", "--cached", "--name-status", "-z", "-M", "--", pathspec).stdout
    fields = out.split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            changes.append(Change(status, fields[i + 2], fields[i + 1]))
            i += 3
        else:
            changes.append(Change(status, fields[i + 1]))
            i += 2
    return changes


def others_changed(repo: Path, pathspec: str) -> list[str]:
    """Changed or new files outside `pathspec` (they are not published; the clerk is told)."""
    out = git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=normal").stdout
    paths = [entry[3:] for entry in out.split("\0") if len(entry) > 3 and entry[2] == " "]
    prefix = pathspec.rstrip("/") + "/"
    return [p for p in paths if not p.startswith(prefix)]


def has_identity(repo: Path) -> bool:
    return all(git(repo, "config", key, check=False).stdout.strip() for key in ("user.name", "user.email"))


def commit(repo: Path, message: str, pathspec: str) -> str:
    """Commit what is staged below `pathspec` only; the new commit's short hash."""
    if not has_identity(repo):
        raise GitError("git 还不知道提交人是谁。请先运行下面两条命令（换成你的名字和邮箱，只需设置一次）：\n"
                       '    git config --global user.name "张三"\n'
                       '    git config --global user.email "zhangsan@example.com"\n'
                       "然后再运行一次本命令。")
    git(repo, "commit", "--quiet", "-m", message, "--", pathspec)
    return git(repo, "rev-parse", "--short", "HEAD").stdout.strip()


def branch(repo: Path) -> str:
    return git(repo, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()


def upstream(repo: Path) -> str | None:
    result = git(repo, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def unpushed(repo: Path) -> int:
    """Commits on this branch that its upstream does not have (0 without an upstream)."""
    if upstream(repo) is None:
        return 0
    return int(git(repo, "rev-list", "--count", "@{u}..HEAD").stdout.strip() or 0)


def push(repo: Path) -> str:
    """Push the current branch; returns where it went. GitError with advice when it cannot."""
    remotes = git(repo, "remote").stdout.split()
    if not remotes:
        raise GitError("已经在这台电脑上提交，但这个仓库还没有设置远程仓库（remote），所以没有推送，网站不会更新。\n"
                       "请让管理员给出仓库地址，然后运行：git remote add origin 仓库地址\n"
                       "再运行一次 board publish 即可推送。", committed=True)
    here = branch(repo)
    if here == "HEAD":
        raise GitError("当前不在任何分支上（detached HEAD），无法推送。请先运行 git switch main 回到主分支。",
                       committed=True)
    target = upstream(repo)
    args = ["push", "--porcelain"] if target else ["push", "--porcelain", "-u",
                                                   "origin" if "origin" in remotes else remotes[0], here]
    result = git(repo, *args, check=False)
    if result.returncode == 0:
        return upstream(repo) or here
    text = result.stderr + result.stdout
    if any(word in text for word in ("[rejected]", "non-fast-forward", "fetch first", "stale info")):
        raise GitError("推送被拒绝：远程仓库里有你电脑上还没有的新提交（可能是同事刚刚发布了内容）。\n"
                       "你的修改已经在这台电脑上提交，不会丢失。请先运行 git pull"
                       "（GitHub Desktop：点「Fetch origin」再点「Pull origin」），"
                       "没有冲突的话再运行一次 board publish。\n" + _original(result), committed=True)
    if any(word in text for word in ("Authentication failed", "Permission denied", "could not read Username",
                                     "403", "401")):
        raise GitError("推送失败：远程仓库不认这台电脑的登录信息（账号、令牌或 SSH 密钥）。"
                       "请按 README「第一次使用」一节设置登录，或请管理员帮忙。修改已在本地提交，不会丢失。\n"
                       + _original(result), committed=True)
    if any(word in text for word in ("Could not resolve host", "Connection refused", "timed out",
                                     "unable to access", "Could not read from remote")):
        raise GitError("推送失败：连不上远程仓库（网络断了，或仓库地址不对）。修改已在本地提交，不会丢失；"
                       "网络恢复后再运行一次 board publish。\n" + _original(result), committed=True)
    raise GitError("推送失败。修改已在本地提交，不会丢失；请把下面的信息发给管理员。\n" + _original(result),
                   committed=True)
