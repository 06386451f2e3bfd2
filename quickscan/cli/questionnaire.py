"""``quickscan questionnaire validate|list|show``."""

from __future__ import annotations

import os

import click

from questionnaires import QuestionnaireError, Registry, load_file, localise, parse_ref
from questionnaires.loader import SHIPPED_DIR
from questionnaires.model import ROLES, Item, Questionnaire, Role


@click.group("questionnaire")
def questionnaire_group() -> None:
    """Check and read questionnaire definitions."""


def _folder() -> str:
    return os.environ.get("QUICKSCAN_QUESTIONNAIRES") or str(SHIPPED_DIR)


def summary(q: Questionnaire) -> str:
    per_role = ", ".join(f"{len(q.items_for(r))} items for {r}" for r in q.roles)
    return f"{q.key}, {len(q.dimensions)} dimensions, {per_role}"


@questionnaire_group.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Check FILES; print every problem as `FILE: <where>: <what>`. Exit 1 when any file is invalid."""
    failed = False
    for path in files:
        try:
            q = load_file(path)
        except QuestionnaireError as exc:
            failed = True
            for line in exc.lines():
                click.echo(line, err=True)
            continue
        click.echo(f"{path}: ok: {summary(q)}")
    if failed:
        raise SystemExit(1)


@questionnaire_group.command("list")
def list_() -> None:
    """List the available questionnaires (and files that failed to load)."""
    registry = Registry(_folder())
    for q in registry:
        click.echo(f"{q.key:28} {localise(q.title, 'nl')}  ({summary(q)})")
    if not len(registry):
        click.echo("No questionnaires found in " + _folder())
    for error in registry.errors:
        click.echo(
            f"not loaded: {error.source} ({len(error.issues)} problem(s); "
            "run `quickscan questionnaire validate` on it)",
            err=True,
        )


@questionnaire_group.command("show")
@click.argument("ref")
@click.option("--lang", default="nl", show_default=True, help="Language of the texts, e.g. nl or en.")
@click.option("--role", type=click.Choice(ROLES), default="employee", show_default=True)
def show(ref: str, lang: str, role: Role) -> None:
    """Show questionnaire REF (`id` or `id@version`) as a respondent of ROLE would read it."""
    try:
        qid, version = parse_ref(ref)
        q = Registry(_folder()).get(qid, version)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="REF") from None
    except KeyError:
        raise click.BadParameter(
            f"no questionnaire {ref!r}; see `quickscan questionnaire list`", param_hint="REF"
        ) from None
    if lang not in q.languages:
        raise click.BadParameter(f"{q.key} has languages {', '.join(q.languages)}", param_hint="--lang")
    if role not in q.roles:
        raise click.BadParameter(f"{q.key} is not asked of {role}", param_hint="--role")
    click.echo(f"{localise(q.title, lang)}  [{q.key}, {role}, {lang}]")
    if role in q.intro:
        click.echo(localise(q.intro[role], lang))
    click.echo("\nDimensions:")
    for dim in q.dimensions:
        n = len(q.dimension_items(dim.id, role))
        click.echo(f"  {dim.id:20} {localise(dim.name, lang)} ({n} items): {localise(dim.description, lang)}")
    for number, section in enumerate(q.sections_for(role), start=1):
        click.echo(f"\nPage {number}: {localise(section.title, lang)}")
        for element_id in section.elements:
            element = q.element(element_id)
            text = localise(element.text[role], lang)
            if isinstance(element, Item):
                scale = q.scales[element.scale]
                flag = " (reversed)" if element.reverse else ""
                click.echo(f"  {element.id:10} [{element.dimension}, {scale.id}{flag}] {text}")
            else:
                click.echo(f"  {element.id:10} [{element.type}] {text}")
                for option in element.options:
                    click.echo(f"  {'':10}   - {localise(option.label, lang)}")
