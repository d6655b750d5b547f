"""Problems found in content or config: where (file, line, field), how bad, what to do.

Every message is written for a committee clerk, in Chinese, and says how to fix it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based line in the original file; 0 when the problem has no line
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    field: str = field(default="", compare=False)  # dotted field path, e.g. ledger.income[2].amount

    def format(self) -> str:
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        what = f"「{self.field}」" if self.field else ""
        return f"{where} {self.severity.label}: {what}{self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command, so the mistake shows on the line in a pull request."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        msg = (f"「{self.field}」" if self.field else "") + self.message
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace(",", "%2C").replace(":", "%3A")
        line = f",line={self.line}" if self.line else ""
        return f"::{kind} file={path}{line}::{msg}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity.value,
            "field": self.field,
            "message": self.message,
        }


class ProblemList(list[Problem]):
    """An ordered collection of problems with helpers for the common questions."""

    def error(self, path: str, line: int, message: str, field: str = "") -> None:
        self.append(Problem(path, line, Severity.ERROR, message, field))

    def warning(self, path: str, line: int, message: str, field: str = "") -> None:
        self.append(Problem(path, line, Severity.WARNING, message, field))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self)

    def to_json(self) -> str:
        return json.dumps([p.as_dict() for p in self.sorted()], ensure_ascii=False, indent=2)
