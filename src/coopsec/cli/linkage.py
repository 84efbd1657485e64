"""``coopsec linkage``: privacy-preserving record linkage on the authority's own machine.

``encode`` turns a CSV of persons into keyed Bloom-filter encodings (``*.clk.json``); the CSV and the
secret stay here, only the encodings are meant to leave (issue 13).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from coopsec.cli.common import JSON_HELP, emit_json, guarded, out
from coopsec.errors import InputError

linkage_app = typer.Typer(
    help="Privacy-preserving record linkage: encode lists under a shared secret; only encodings leave.",
    no_args_is_help=True,
)


@linkage_app.command("encode")
def encode_cmd(
    source: Annotated[Path, typer.Argument(help="CSV with a header row: the schema's id column and fields")],
    schema: Annotated[str, typer.Option("--schema", help="A schema of data/linkage (e.g. persons) or a YAML file")],
    secret_file: Annotated[
        Path, typer.Option("--secret-file", help="File holding the secret shared with the other authorities")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the encodings (*.clk.json)")],
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Encode SOURCE's records as hardened Bloom filters; the secret and the plaintext never leave this machine."""

    def run() -> None:
        from coopsec.linkage import encode, load_schema, read_secret

        chosen = load_schema(schema)
        secret = read_secret(secret_file)
        try:
            with source.open(newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                missing = [f.name for f in chosen.fields if f.name not in (reader.fieldnames or [])]
                if chosen.id_column not in (reader.fieldnames or []):
                    missing.insert(0, chosen.id_column)
                if missing:
                    raise InputError(
                        f"{source} lacks the column(s) {', '.join(missing)} of schema {chosen.id!r}: "
                        "add them to the header (empty values are allowed)"
                    )
                encoding = encode(reader, chosen, secret)
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read {source} ({err}): give a UTF-8 CSV file") from err
        encoding.save(output)
        summary = {
            "output": str(output),
            "records": len(encoding),
            "schema": encoding.schema,
            "bits": encoding.bits,
            "key_check": encoding.key_check,
        }
        if as_json:
            emit_json(summary)
        else:
            out.print(
                f"{len(encoding)} records encoded under schema {encoding.schema} ({encoding.bits} bits, "
                f"key check {encoding.key_check}) -> {output}",
                highlight=False,
            )

    guarded(run)
