"""The ``twimlkit`` command line (also ``python -m twimlkit``): validate, format and convert
TwiML files, and show a demo document.

Every command reads files or ``-`` (standard input). Problems are printed one per line as
``FILE:LINE: PATH: reason [Twilio code]``; user errors are one line on stderr and a non-zero
exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import keyword
import os
import stat
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, Final

from ._document import MAX_DOCUMENT_BYTES, LintWarning
from ._elements import Dial, MessagingResponse, Queue, Redirect, VoiceResponse
from ._parse import element_lines, parse
from ._python import python_source
from .exceptions import ParseError, Problem, TwiMLError, ValidationError

__all__ = ["demo_document", "main"]

DEMO_QUEUE = "radio-callin-queue"
DEMO_NEXT_URL = "https://example.com/radio/next-caller"

#: Exit statuses: all good; problems found (or files would change); usage or I/O error.
OK: Final = 0
PROBLEMS: Final = 1
USAGE: Final = 2
STDIN: Final = "-"


def demo_document() -> VoiceResponse:
    """The radio call-in show's DJ line: take the next caller from the queue.

    The DJ's browser dials into the callers' queue; pressing * hangs up on the current
    caller, and the Redirect fetches this document again for the next one.
    """
    return VoiceResponse(
        Dial(Queue(DEMO_QUEUE), hangup_on_star=True),
        Redirect(DEMO_NEXT_URL, method="GET"),
    )


class _UserError(Exception):
    """A problem with how the command was used (a missing file, say): one line, exit 2."""


def _read(name: str) -> bytes:
    """A file's bytes, or standard input's; at most one byte more than Twilio reads, which
    is enough for parse to say it is too big (and ``/dev/zero`` cannot hang the command)."""
    limit = MAX_DOCUMENT_BYTES + 1
    if name == STDIN:
        if sys.stdin is None:
            raise _UserError("standard input is closed")
        return sys.stdin.buffer.read(limit)
    try:
        # Not blocking on open: a named pipe nothing writes to would hold the command
        # forever. Once open, reads block as usual (a pipe from <(...) has its writer).
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            pipe = stat.S_ISFIFO(mode)
            if not stat.S_ISREG(mode) and hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            data = handle.read(limit)
    except OSError as exc:
        raise _UserError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    if pipe and not data:
        raise _UserError(f"cannot read {name!r}: a named pipe that nothing writes to")
    return data


def _files(names: Sequence[str]) -> Iterator[tuple[str, bytes | None]]:
    """Each file with its bytes, or None (reported on stderr) when it cannot be read."""
    if list(names).count(STDIN) > 1:
        raise _UserError("'-' (standard input) can be given once")
    for name in names:
        try:
            yield name, _read(name)
        except _UserError as exc:
            print(f"twimlkit: error: {exc}", file=sys.stderr)
            yield name, None


def _text(text: str) -> bytes:
    """Text for standard output as UTF-8. A file name that is not UTF-8 comes from the
    command line with its bytes as surrogates (surrogateescape): they are written back as
    those bytes, the name the user typed."""
    return text.encode("utf-8", "surrogateescape")


def _output(data: bytes) -> None:
    if sys.stdout is None:
        raise _UserError("standard output is closed")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _parse_file(data: bytes, *, strict: bool) -> VoiceResponse | MessagingResponse:
    """``parse`` for what ``_read`` returned: at most one byte past the limit was read."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ParseError(
            f"the document is more than {MAX_DOCUMENT_BYTES:,} bytes; Twilio reads at most {MAX_DOCUMENT_BYTES:,}",
            code=11750,
        )
    return parse(data, strict=strict)


def _shown(name: str) -> str:
    return "<stdin>" if name == STDIN else name


def _problem_line(name: str, problem: Problem) -> str:
    where = f"{_shown(name)}:{problem.line}" if problem.line else _shown(name)
    code = f" [{problem.code}]" if problem.code is not None else ""
    path = f" {problem.path}:" if problem.path else ""
    return f"{where}:{path} {problem.reason}{code}"


def _warning_line(name: str, warning: LintWarning, lines: dict[str, int]) -> str:
    line = warning.line or lines.get(warning.path.partition("@")[0])
    where = f"{_shown(name)}:{line}" if line else _shown(name)
    code = f" [{warning.code}]" if warning.code is not None else ""
    return f"{where}: {warning.path}: warning: {warning.message}{code} [{warning.rule}]"


def _read_warnings(doc: VoiceResponse | MessagingResponse) -> list[LintWarning]:
    """What lenient reading kept unvalidated (the problems strict reading refuses)."""
    return list(getattr(doc, "_warnings", ()))


def _print_read_warnings(name: str, doc: VoiceResponse | MessagingResponse) -> None:
    for warning in _read_warnings(doc):
        print(_warning_line(name, warning, {}), file=sys.stderr)


# -- commands --------------------------------------------------------------------------------


def _lint_despite_errors(data: bytes) -> list[LintWarning]:
    """The lint warnings of a document strict reading refuses: it is read as Twilio reads
    it, and what is not about its errors (reported already) is kept."""
    try:
        doc = _parse_file(data, strict=False)
    except ParseError:
        return []  # not even lenient reading makes a tree of it
    read = set(_read_warnings(doc))
    return [warning for warning in doc.lint() if warning not in read and warning.rule != "unvalidated"]


def _validate(args: argparse.Namespace) -> int:
    status = OK
    report: list[dict[str, Any]] = []
    for name, data in _files(args.files):
        entry: dict[str, Any] = {"file": _shown(name), "valid": False, "errors": [], "warnings": []}
        report.append(entry)
        if data is None:
            entry["unreadable"] = True
            status = USAGE
            continue
        try:
            doc = _parse_file(data, strict=not args.lenient)
        except ParseError as error:
            status = max(status, PROBLEMS)
            entry["errors"] = [
                {"line": p.line, "path": p.path, "reason": p.reason, "code": p.code} for p in error.errors
            ]
            if not args.json:
                _output(_text("".join(_problem_line(name, p) + "\n" for p in error.errors)))
            warnings = _lint_despite_errors(data) if args.lint else []
        else:
            entry["valid"] = True
            # Read leniently, what strict reading refuses is printed as warnings, always.
            warnings = doc.lint() if args.lint else _read_warnings(doc)
        if warnings:
            lines = element_lines(data) if args.lint else {}
            entry["warnings"] = [
                {
                    "line": w.line or lines.get(w.path.partition("@")[0]),
                    "path": w.path,
                    "message": w.message,
                    "rule": w.rule,
                    "code": w.code,
                }
                for w in warnings
            ]
            if not args.json:
                _output(_text("".join(_warning_line(name, w, lines) + "\n" for w in warnings)))
    if args.json:
        _output((json.dumps({"valid": status == OK, "files": report}, indent=2) + "\n").encode())
    return status


def _fmt(args: argparse.Namespace) -> int:
    if args.write and STDIN in args.files:
        raise _UserError("--write rewrites files in place; it cannot take '-' (standard input)")
    status = OK
    for name, data in _files(args.files):
        if data is None:
            status = USAGE
            continue
        try:
            doc = _parse_file(data, strict=not args.lenient)
            _print_read_warnings(name, doc)
            out = doc.to_xml(pretty=True).encode() + b"\n"
        except ParseError as error:
            for problem in error.errors:
                print(_problem_line(name, problem), file=sys.stderr)
            status = max(status, PROBLEMS)
            continue
        except ValidationError as error:  # the pretty form is over Twilio's size limit
            print(f"{_shown(name)}: {error.path}: formatted, {error.reason} [{error.code}]", file=sys.stderr)
            status = max(status, PROBLEMS)
            continue
        if args.check:
            if out != data:
                print(f"would reformat {_shown(name)}")
                status = max(status, PROBLEMS)
        elif args.write:
            if out != data:
                try:
                    _replace(name, out)
                except _UserError as exc:
                    print(f"twimlkit: error: {exc}", file=sys.stderr)
                    status = USAGE
                    continue
                print(f"reformatted {name}", file=sys.stderr)
        else:
            _output(out)
    return status


def _replace(name: str, data: bytes) -> None:
    """Write ``data`` to the file ``name`` whole or not at all (a temporary file, renamed),
    keeping its mode, owner and group.

    A symbolic link is followed: the file it points at is rewritten, the link stays. A
    file with other hard links, or whose owner the temporary file cannot take, is written
    in place instead, so that every name and the owner keep seeing it. A read-only file
    (no write permission for anyone, or none for this user) is refused.
    """
    name = os.path.realpath(name)
    directory = os.path.dirname(name)
    temporary: str | None = None
    try:
        info = os.stat(name)
        mode = stat.S_IMODE(info.st_mode)
        if not mode & 0o222 or not os.access(name, os.W_OK):
            raise _UserError(f"cannot write {name!r}: it is read-only (mode {mode:04o})")
        if info.st_nlink > 1:
            _write_in_place(name, data)
            return
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".twimlkit-", delete=False) as handle:
            temporary = handle.name
            handle.write(data)
        os.chmod(temporary, mode)
        written = os.stat(temporary)
        if (written.st_uid, written.st_gid) != (info.st_uid, info.st_gid):
            try:
                os.chown(temporary, info.st_uid, info.st_gid)
            except OSError:
                # Only the owner's own processes (or root) may give a file away.
                os.unlink(temporary)
                temporary = None
                _write_in_place(name, data)
                return
        os.replace(temporary, name)
    except OSError as exc:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise _UserError(f"cannot write {name!r}: {exc.strerror or exc}") from None


def _write_in_place(name: str, data: bytes) -> None:
    """Rewrite the file itself (same inode: links, owner and mode stay)."""
    with open(name, "r+b") as handle:
        handle.write(data)
        handle.truncate()


def _to_python(args: argparse.Namespace) -> int:
    if not args.name.isidentifier() or keyword.iskeyword(args.name):
        raise _UserError(f"--name must be a Python variable name, got {args.name!r}")
    data = _read(args.file)
    try:
        doc = _parse_file(data, strict=not args.lenient)
    except ParseError as error:
        for problem in error.errors:
            print(_problem_line(args.file, problem), file=sys.stderr)
        return PROBLEMS
    _print_read_warnings(args.file, doc)
    refused = _refused_by_constructors(doc)
    if refused is not None:
        print(
            f"twimlkit: error: {_shown(args.file)}: no Python builds this document: its constructors refuse "
            f"{refused.path}: {refused.reason}; fix that in the TwiML first",
            file=sys.stderr,
        )
        return PROBLEMS
    _output(_text(python_source(doc, name=args.name)))
    return OK


def _refused_by_constructors(doc: VoiceResponse | MessagingResponse) -> ValidationError | None:
    """What the document's own constructor refuses of a document read leniently (text or
    attributes on ``<Response>``, Voice and Messaging elements mixed, over ten messages):
    the Python ``to-python`` writes would raise that. None if it builds."""
    if not getattr(doc, "_warnings", None):
        return None
    try:
        type(doc)(*doc.children, **doc.attributes).validate()
    except ValidationError as error:
        return error
    return None


def _secret_from(variable: str, what: str) -> str:
    """A secret read from the environment: never from the command line, where shell
    history and process listings keep it."""
    value = os.environ.get(variable)
    if not value:
        raise _UserError(
            f"set the {what} in the environment variable {variable} (it is never read from the command line)"
        )
    return value


def _pairs(items: Sequence[str] | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or ():
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise _UserError(f"{option} takes NAME=VALUE, got {item!r}")
        out[name] = value
    return out


def _required(value: str | None, option: str, variable: str) -> str:
    if not value:
        raise _UserError(f"{option} is required (or set {variable})")
    return value


def _token_capability(args: argparse.Namespace) -> int:
    account_sid = _required(args.account_sid, "--account-sid", "TWILIO_ACCOUNT_SID")
    from .tokens import CapabilityToken  # noqa: PLC0415  # PyJWT loads only for token commands

    token = CapabilityToken(account_sid, _secret_from(args.secret_env, "auth token"))
    if args.incoming is not None:
        token.allow_client_incoming(args.incoming)
    if args.outgoing is not None:
        token.allow_client_outgoing(args.outgoing, _pairs(args.param, "--param") or None)
    elif args.param:
        raise _UserError("--param goes with --outgoing: the application receives the parameters")
    if args.event_stream or args.filter:
        token.allow_event_stream(**_pairs(args.filter, "--filter"))
    print(token.to_jwt(ttl=args.ttl))
    return OK


def _token_access(args: argparse.Namespace) -> int:
    if args.param and args.outgoing is None:
        raise _UserError("--param goes with --outgoing: the application receives the parameters")
    from .tokens import AccessToken, VoiceGrant  # noqa: PLC0415

    grant = VoiceGrant(
        outgoing_application_sid=args.outgoing,
        outgoing_application_params=_pairs(args.param, "--param") or None,
        incoming_allow=True if args.incoming else None,
        push_credential_sid=args.push_credential,
    )
    token = AccessToken(
        _required(args.account_sid, "--account-sid", "TWILIO_ACCOUNT_SID"),
        _required(args.api_key, "--api-key", "TWILIO_API_KEY"),
        _secret_from(args.secret_env, "API key secret"),
        identity=args.identity,
        ttl=args.ttl,
        grants=[grant],
        region=args.region,
    )
    print(token.to_jwt())
    return OK


def _token_decode(args: argparse.Namespace) -> int:
    from .tokens import decode  # noqa: PLC0415

    text = _read(STDIN).decode("utf-8", "replace").strip()
    if not text:
        raise _UserError("no token on standard input")
    secret = _secret_from(args.key_env, "key the token was signed with")
    with warnings.catch_warnings():
        # PyJWT warns of a key under 32 bytes on stderr, before the one line this prints
        # for the outcome; Twilio's own keys are 32 characters, so a short one is the
        # wrong key, which the outcome says already.
        warnings.simplefilter("ignore")
        claims = decode(text, secret, leeway=args.leeway)
    report = {"kind": claims.kind, "header": dict(claims.header), "claims": dict(claims)}
    print(json.dumps(report, indent=2, sort_keys=True))
    return OK


def _lint_report(warnings: Sequence[LintWarning]) -> str:
    if not warnings:
        return "lint: no warnings"
    return "\n".join([f"lint: {len(warnings)} warning(s)", *(f"  {warning}" for warning in warnings)])


def _phone(args: argparse.Namespace) -> int:
    token = os.environ.get("TWILIO_AUTH_TOKEN")
    if not token:
        raise _UserError("set $TWILIO_AUTH_TOKEN to the token the app checks signatures with")
    if not args.url.startswith(("http://", "https://")):
        raise _UserError(f"the URL must start with http:// or https://; got {args.url!r}")
    try:
        import httpx  # noqa: PLC0415  # the simulator's transport, only for this command

        from .sim._phone import run_phone  # noqa: PLC0415
    except ImportError as exc:
        raise _UserError(f"the phone needs the simulator's extra: pip install 'twimlkit[sim]' ({exc})") from None
    try:
        run_phone(
            args.url,
            auth_token=token,
            from_=args.from_,
            to=args.to,
            verbose=args.verbose,
            stdin=sys.stdin,
            stdout=sys.stdout,
            public_url=args.public_url,
        )
    except (OSError, httpx.HTTPError) as exc:
        raise _UserError(f"cannot reach {args.url}: {exc}") from None
    return OK


def _demo(_args: argparse.Namespace) -> int:
    doc = demo_document()
    doc.validate()
    print(doc.to_xml(pretty=True))
    print()
    print(_lint_report(doc.lint()))
    return OK


# -- the parser ------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twimlkit",
        description="Typed, validated TwiML: check, format and convert TwiML documents.",
        epilog="Exit status: 0 all good, 1 problems found (or files would change), 2 usage or I/O error.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    lenient_help = (
        "read TwiML the way Twilio does: whatever breaks a rule (an unknown element or attribute, "
        "a value outside its set, wrong nesting, missing text) is kept as written, unvalidated, "
        "and printed as a warning with its line; only malformed XML, a DTD, a document over "
        "64 kB and a root other than <Response> are errors"
    )

    validate = commands.add_parser(
        "validate",
        help="check TwiML files; one line per problem",
        description="Check TwiML files against Twilio's rules. Prints one line per problem, "
        "FILE:LINE: PATH: reason [Twilio code], and exits 1 if any file has one.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="TwiML file, or - for standard input")
    validate.add_argument("--lint", action="store_true", help="also print warnings (do not change the exit status)")
    validate.add_argument("--json", action="store_true", help="print one JSON report instead of lines")
    validate.add_argument("--lenient", action="store_true", help=lenient_help)
    validate.set_defaults(run=_validate)

    fmt = commands.add_parser(
        "fmt",
        help="print TwiML files in canonical pretty form",
        description="Print each TwiML file in canonical form: one element per line, indented by "
        "two spaces, attributes as written by twimlkit, spoken text untouched. Comments outside "
        "<Response> are not kept; processing instructions (<?...?>) anywhere are refused, or with "
        "--lenient dropped with a warning.",
    )
    fmt.add_argument("files", nargs="+", metavar="FILE", help="TwiML file, or - for standard input")
    mode = fmt.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="print nothing but files that would change; exit 1 if any")
    mode.add_argument(
        "-w",
        "--write",
        action="store_true",
        help="rewrite the files in place, keeping their mode, owner and hard links (read-only files are refused)",
    )
    fmt.add_argument("--lenient", action="store_true", help=lenient_help)
    fmt.set_defaults(run=_fmt)

    to_python = commands.add_parser(
        "to-python",
        help="print Python source that builds the same document with twimlkit",
        description="Print Python source using twimlkit that builds a document equal to FILE: "
        "the way from TwiML templates and Twilio's helper to typed trees.",
    )
    to_python.add_argument("file", metavar="FILE", help="TwiML file, or - for standard input")
    to_python.add_argument("--name", default="response", help="the variable to assign (default: response)")
    to_python.add_argument("--lenient", action="store_true", help=lenient_help)
    to_python.set_defaults(run=_to_python)

    _token_parsers(commands)

    phone = commands.add_parser(
        "phone",
        help="call a TwiML app on localhost from the terminal, as Twilio would",
        description=(
            "Call URL (a voice URL served on localhost) as Twilio would: signed requests with Twilio's "
            "parameters, signed with $TWILIO_AUTH_TOKEN. What the call says is printed; when it waits "
            "for keys, words or a recording, type them."
        ),
    )
    phone.add_argument("url", metavar="URL", help="the voice URL, e.g. http://127.0.0.1:5000/incoming")
    phone.add_argument("--from", dest="from_", default="+15551234567", help="the caller's number")
    phone.add_argument("--to", default="+15550001111", help="the number called")
    phone.add_argument("--verbose", action="store_true", help="show each request and the TwiML it got")
    phone.add_argument(
        "--public-url",
        help="the scheme and host the app signs for (its public_url), if not the server's: https://ivr.example.org",
    )
    phone.set_defaults(run=_phone)

    demo = commands.add_parser(
        "demo",
        help="print a validated call-in document (the radio DJ flow) and its lint report",
        description="Print the radio call-in DJ document, built and validated by twimlkit, and its lint report.",
    )
    demo.set_defaults(run=_demo)
    return parser


def _token_kind(kinds: Any, name: str, signed_with: str, variable: str, summary: str) -> argparse.ArgumentParser:
    """A token kind's parser with the options both kinds share."""
    parser: argparse.ArgumentParser = kinds.add_parser(
        name,
        help=f"{summary}, signed with the {signed_with}",
        description=f"Print {summary} signed with the {signed_with} read from ${variable} (or --secret-env).",
    )
    parser.add_argument(
        "--account-sid",
        default=os.environ.get("TWILIO_ACCOUNT_SID"),
        help="Account SID (AC...; default: $TWILIO_ACCOUNT_SID)",
    )
    parser.add_argument("--outgoing", metavar="AP_SID", help="let the client call through this TwiML application")
    parser.add_argument("--param", action="append", metavar="NAME=VALUE", help="a parameter for the application")
    parser.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds (default 3600)")
    parser.add_argument("--secret-env", default=variable, metavar="VARIABLE", help=f"where the {signed_with} is")
    return parser


def _token_parsers(commands: Any) -> None:
    token = commands.add_parser(
        "token",
        help="make or decode Twilio Client / Voice SDK tokens (secrets come from the environment)",
        description="Make a Twilio Client capability token or a Voice SDK access token, or decode one. "
        "Secrets are read from environment variables, never from the command line.",
    )
    kinds = token.add_subparsers(dest="token_command", metavar="KIND")
    kinds.required = True

    capability = _token_kind(kinds, "capability", "auth token", "TWILIO_AUTH_TOKEN", "a Twilio Client capability token")
    capability.add_argument("--incoming", metavar="CLIENT", help="let the client receive calls to this client name")
    capability.add_argument("--event-stream", action="store_true", help="let the client subscribe to events")
    capability.add_argument("--filter", action="append", metavar="NAME=VALUE", help="an event stream filter")
    capability.set_defaults(run=_token_capability)

    access = _token_kind(
        kinds, "access", "API key secret", "TWILIO_API_KEY_SECRET", "a Voice SDK access token with a voice grant"
    )
    access.add_argument(
        "--api-key", default=os.environ.get("TWILIO_API_KEY"), help="API Key SID (SK...; default: $TWILIO_API_KEY)"
    )
    access.add_argument("--identity", required=True, help="the client's identity (its client name)")
    access.add_argument("--incoming", action="store_true", help="let the client receive calls")
    access.add_argument("--push-credential", metavar="CR_SID", help="Push Credential SID for mobile notifications")
    access.add_argument("--region", help="Twilio region (us1, ie1, ...)")
    access.set_defaults(run=_token_access)

    decode = kinds.add_parser(
        "decode",
        help="check a token read from standard input and print its claims",
        description="Read a token from standard input, check its signature, algorithm and lifetime with the "
        "key in $TWILIO_AUTH_TOKEN (or --key-env; an access token needs its API key secret), print its claims.",
    )
    decode.add_argument("--key-env", default="TWILIO_AUTH_TOKEN", metavar="VARIABLE", help="where the key is")
    decode.add_argument("--leeway", type=int, default=0, help="seconds of clock skew to allow (default 0)")
    decode.set_defaults(run=_token_decode)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except _UserError as exc:
        print(f"twimlkit: error: {exc}", file=sys.stderr)
        return USAGE
    except TwiMLError as exc:
        print(f"twimlkit: {exc}", file=sys.stderr)
        return PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``twimlkit fmt x | head``): not an error worth a traceback.
        sys.stderr.close()
        return OK
    except OSError as exc:
        print(f"twimlkit: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return USAGE
    return status
