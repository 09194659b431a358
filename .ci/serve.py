#!/usr/bin/env python3
"""Serves a retroauth build (dist/) on 127.0.0.1 with the response headers recommended in the
README for production hosting: the Content-Security-Policy (with frame-ancestors, which a meta
tag cannot carry), nosniff, no referrer, and a Permissions-Policy that turns off device APIs.

Usage: serve.py DIR [--port 8080] [--quiet]
"""
import argparse
import functools
import http.server
import sys

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
       "frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-cache",
}


import json
import os


def embed_origins(directory):
    """The origins allowed to frame embed.html (embed-origins.json of the build)."""
    try:
        with open(os.path.join(directory, "embed-origins.json"), encoding="utf-8") as f:
            origins = json.load(f).get("allowedOrigins", [])
        return [o for o in origins if isinstance(o, str) and o.startswith(("http://", "https://")) and " " not in o]
    except (OSError, ValueError, AttributeError):
        return []


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
    }
    quiet = False

    def end_headers(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        for name, value in HEADERS.items():
            if name == "Content-Security-Policy" and path.endswith("/embed.html"):
                # The iframe mode: only the allow-listed portals may frame it.
                value = value.replace("frame-ancestors 'self'", "frame-ancestors " + " ".join(["'self'"] + embed_origins(self.directory)))
            if name == "Content-Security-Policy" and path.endswith("/embed-demo.html"):
                # The demo stands in for a portal on another origin that frames the app.
                value = value.replace("frame-src blob:", "frame-src 'self' blob: http://127.0.0.1:* http://localhost:*")
            if name == "Cross-Origin-Opener-Policy" and path.endswith("/embed-demo.html"):
                continue
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        if not self.quiet:
            # Only method and path: the app never puts data in URLs, and this log stays local.
            sys.stderr.write("serve: %s\n" % (format % args))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    Handler.quiet = args.quiet
    handler = functools.partial(Handler, directory=args.directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serve: http://127.0.0.1:{server.server_address[1]}/ ({args.directory})", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
