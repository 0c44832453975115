"""Entry point: python -m pyfile_cli [--name NAME] [--count N]."""

import platform

import click


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--name", default="world", show_default=True, help="Who to greet.")
@click.option("--count", default=1, show_default=True, type=click.IntRange(min=1), help="How many greetings to print.")
def main(name: str, count: int) -> None:
    """Print a greeting that names the Python version running it."""
    click.echo(f"pyfile-cli: hello from Python {platform.python_version()}")
    for _ in range(count):
        click.echo(f"hello, {name}!")


if __name__ == "__main__":
    main(prog_name="pyfile-cli")
