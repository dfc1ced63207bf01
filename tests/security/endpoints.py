"""The named API endpoints of a running studio and a full argument list for each (gradio_client needs
every parameter; the ones without a default get None)."""

from __future__ import annotations


def named_endpoints(client) -> dict:
    return client.view_api(return_format="dict", print_info=False)["named_endpoints"]


def default_args(params: list[dict], lang: str = "en") -> list:
    out = []
    for p in params:
        if p["component"] == "Browserstate":
            out.append(lang)
        else:
            out.append(p["parameter_default"] if p.get("parameter_has_default") else None)
    return out
