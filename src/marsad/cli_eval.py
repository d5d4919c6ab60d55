"""Evaluation commands (``marsad eval``, ``marsad eval-gsr``): annotated articles or the peer gold standard in, scores printed out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.cli_common import ClickException, out, print_json, resources

__all__ = ["register"]


def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of annotated-article JSON files.")],
    show: Annotated[bool, typer.Option("--show", help="List each miss.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score extraction against annotated articles (spec: comparison section).

    Example:
        marsad eval samples/dev --show
    """
    from marsad.evaluate import evaluate_dir

    if not gold_dir.is_dir():
        raise typer.BadParameter(f"not a folder: {gold_dir}", param_hint="GOLD_DIR")
    _score(evaluate_dir, gold_dir, show=show, as_json=as_json)


def _score(evaluate: Callable[[Path, Any], Any], path: Path, *, show: bool, as_json: bool) -> None:
    """Run ``evaluate(path, resources)`` and print its report as JSON or as its text rendering.

    Raises:
        ClickException: the files cannot be read or are not what the evaluation expects.
    """
    try:
        report = evaluate(path, resources())
    except (OSError, ValueError) as exc:
        raise ClickException(f"cannot evaluate {path}: {exc}") from exc
    if as_json:
        print_json(report.to_dict())
    else:
        out.print(report.render(show=show), markup=False, highlight=False)


def eval_gsr(
    csv_path: Annotated[Path, typer.Argument(help="Peer gold-standard CSV (sentence, label).")],
    show: Annotated[bool, typer.Option("--show", help="List each miss.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Sentence-level attack detection on the peer gold standard ('yes' vs 'easy no'): P/R/F1.

    CSV is the peer gold standard's sentence file (columns sentence, label); the example path
    is where it lies beside a marsad checkout in the project's shared folder.

    Example:
        marsad eval-gsr ../shared/peer/arabic_event_gsr/assault_dev.csv
    """
    from marsad.evaluate import evaluate_gsr

    if not csv_path.is_file():
        raise typer.BadParameter(f"not a file: {csv_path}", param_hint="CSV")
    _score(evaluate_gsr, csv_path, show=show, as_json=as_json)


def register(app: typer.Typer) -> None:
    """Add ``eval`` and ``eval-gsr`` to the marsad typer app (called from marsad.cli)."""
    app.command("eval")(eval_)
    app.command("eval-gsr")(eval_gsr)
