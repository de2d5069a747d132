"""python -m sandbox serve --port P --seed S --products N --faults PROFILE --state-token T
--username U --password PW --session-ttl SECONDS"""

from __future__ import annotations

import argparse
import sys

from .state import Config

PROFILES = ("none", "flaky", "hostile")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line, exit code 2
        sys.stderr.write(f"sandbox: error: {message} (see 'python -m sandbox serve --help')\n")
        sys.exit(2)


def _bounded(lo: int, hi: int, what: str):
    def parse(v: str) -> int:
        try:
            n = int(v)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {v!r}") from None
        if not lo <= n <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be between {lo} and {hi}, got {n}")
        return n

    return parse


def _nonneg(v: str) -> float:
    try:
        f = float(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {v!r}") from None
    if f < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, got {v}")
    return f


def parser() -> argparse.ArgumentParser:
    d = Config()
    p = _Parser(prog="python -m sandbox")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    s = sub.add_parser("serve", help="start the sandbox back office")
    s.add_argument("--host", default=d.host, help=f"bind address (default {d.host})")
    s.add_argument(
        "--port", type=_bounded(0, 65535, "--port"), default=d.port, help=f"port, 0 = any free port (default {d.port})"
    )
    s.add_argument("--seed", type=_bounded(0, 2**31, "--seed"), default=d.seed, help=f"data seed (default {d.seed})")
    s.add_argument(
        "--products",
        type=_bounded(10, 50000, "--products"),
        default=d.products,
        help=f"number of products, 10-50000 (default {d.products})",
    )
    s.add_argument(
        "--offers",
        type=_bounded(10, 5000, "--offers"),
        default=d.offers,
        help=f"the 1688 store's offers, 10-5000 (default {d.offers})",
    )
    s.add_argument(
        "--keywords",
        type=_bounded(1, 48, "--keywords"),
        default=d.keywords,
        help=f"P4P keywords, 1-48 (default {d.keywords})",
    )
    s.add_argument("--faults", choices=PROFILES, default=d.faults, help="fault profile (default none)")
    s.add_argument(
        "--state-token",
        default=None,
        help="token for /__sandbox__/ ground truth and control (better: $SANDBOX_STATE_TOKEN; default: a random one, printed)",
    )
    s.add_argument("--username", default=d.username, help=f"demo login (default {d.username})")
    s.add_argument("--password", default=None, help="demo password (better: $SANDBOX_PASSWORD; default demo-password)")
    s.add_argument(
        "--session-ttl",
        type=_bounded(1, 10**7, "--session-ttl"),
        default=d.session_ttl,
        help=f"session lifetime in seconds (default {d.session_ttl})",
    )
    s.add_argument(
        "--totp-secret", default=None, help="base32 secret: ask for a TOTP code after the password (default off)"
    )
    s.add_argument(
        "--device-days",
        type=_bounded(1, 3650, "--device-days"),
        default=d.device_days,
        help=f"a device unseen this many days is asked for the code again (default {d.device_days})",
    )
    s.add_argument(
        "--rate-limit",
        type=_nonneg,
        default=d.rate_limit,
        help="requests per second per client before the slider page, 0 = off (default 0)",
    )
    s.add_argument(
        "--dialect",
        choices=("newer", "older"),
        default=d.dialect,
        help="the form of the screens the real site shows in two forms (default newer; README, 'Two forms of the same screen')",
    )
    s.add_argument(
        "--targets",
        choices=("as_is", "missed", "met"),
        default=d.targets,
        help="seed 002's conversion targets and traffic-source factors: as generated, all missed, all met (default as_is)",
    )
    s.add_argument(
        "--capture", default=None, help="a file from `python -m agent capture`: answer the screens' calls with it"
    )
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.totp_secret:
        import base64
        import binascii

        try:
            base64.b32decode(args.totp_secret.upper(), casefold=True)
        except (binascii.Error, ValueError):
            sys.stderr.write(
                "sandbox: error: --totp-secret must be base32 (A-Z, 2-7), e.g. from pyotp.random_base32()\n"
            )
            return 2
    import os
    import secrets

    from .capture import CaptureError, load_capture
    from .server import serve

    captured = None
    if args.capture:
        try:
            captured = load_capture(args.capture)
        except CaptureError as e:
            sys.stderr.write(f"sandbox: error: --capture: {e}\n")
            return 2
    token = args.state_token or os.environ.get("SANDBOX_STATE_TOKEN")
    if not token:
        token = secrets.token_urlsafe(24)
        print(f"sandbox control token (header X-Sandbox-Token): {token}", flush=True)
    args.state_token = token
    args.password = args.password or os.environ.get("SANDBOX_PASSWORD") or Config().password
    cfg = Config.for_profile(
        args.faults,
        port=args.port,
        host=args.host,
        seed=args.seed,
        products=args.products,
        keywords=args.keywords,
        offers=args.offers,
        cbu_password=args.password,
        state_token=args.state_token,
        username=args.username,
        password=args.password,
        session_ttl=args.session_ttl,
        totp_secret=args.totp_secret,
        device_days=args.device_days,
        rate_limit=args.rate_limit,
        capture=captured,
        dialect=args.dialect,
        targets=args.targets,
    )
    return serve(cfg)


if __name__ == "__main__":
    sys.exit(main())
