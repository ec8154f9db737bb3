"""`briefkit serve`: serve out/ on 127.0.0.1 (or --host, with a warning) until Ctrl-C."""

from __future__ import annotations

from pathlib import Path

from . import output
from .output import EXIT_OK


def run(args, root: Path) -> int:
    """Serve the output folder; log each request on standard error."""
    from ..serve import auth_from_env, open_server, sharing_warning

    if not 0 <= args.port <= 65535:
        return output.usage_error(f"briefkit serve: error: --port {args.port} is not a port\n"
                                  "  hint: choose one from 1024 to 65535, e.g. `make serve PORT=8000`")
    out_dir = Path(args.out)
    shown = args.out.rstrip("/") + "/"
    auth = auth_from_env()
    server = open_server(out_dir, args.port, shown, log=lambda m: output.tell(m, flush=True),
                         host=args.host, auth=auth)
    warning = sharing_warning(args.host, server.port, auth)
    if warning:
        output.tell(warning, flush=True)
    if not (out_dir / "index.html").is_file():
        output.tell(f"warning: {out_dir / 'index.html'} not found; the address below will answer 404\n"
                    "  hint: write the download page with `make site`")
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    output.say(f"serving {shown} at http://{shown_host}:{server.port}/ (Ctrl-C to stop)"
               + (" — user name and password required" if auth else ""), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        output.tell("stopped.")
    finally:
        server.server_close()
    return EXIT_OK
