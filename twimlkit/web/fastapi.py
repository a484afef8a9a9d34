"""FastAPI: ``TwiMLRoute`` lets endpoints return twimlkit documents, sent as TwiML.

    from fastapi import APIRouter, Depends, FastAPI
    from twimlkit import VoiceResponse
    from twimlkit.presets import answer_queue
    from twimlkit.web.fastapi import TwiMLRoute
    from twimlkit.web.starlette import TwilioSignature

    router = APIRouter(route_class=TwiMLRoute, dependencies=[Depends(TwilioSignature())])

    @router.post("/voice")
    def voice() -> VoiceResponse:
        return answer_queue("radio-callin-queue", next_url="/voice")

    app = FastAPI()
    app.include_router(router)

(FastAPI would otherwise encode a returned document as JSON.) The signature check and the
response class are ``twimlkit.web.starlette``'s.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any

from fastapi.datastructures import Default, DefaultPlaceholder
from fastapi.routing import APIRoute

from .._document import Document
from .starlette import TwilioSignature, TwiMLResponse

__all__ = ["TwiMLRoute", "TwiMLResponse", "TwilioSignature"]


#: What FastAPI passes when the route names no response model (it then reads the annotation).
_NO_MODEL_GIVEN: Any = Default(None)


class TwiMLRoute(APIRoute):
    """An ``APIRoute`` whose endpoint may return a ``VoiceResponse`` or ``MessagingResponse``:
    it is sent as a ``TwiMLResponse``. Anything else the endpoint returns is FastAPI's as usual."""

    def __init__(
        self, path: str, endpoint: Callable[..., Any], *, response_model: Any = _NO_MODEL_GIVEN, **kwargs: Any
    ) -> None:
        if isinstance(response_model, DefaultPlaceholder) and _returns_document(endpoint):
            response_model = None  # a document is no Pydantic model
        super().__init__(path, _sending(endpoint), response_model=response_model, **kwargs)


def _returns_document(endpoint: Callable[..., Any]) -> bool:
    try:
        returned = typing.get_type_hints(endpoint).get("return")
    except Exception:  # an annotation that does not resolve: FastAPI will say so
        return False
    return isinstance(returned, type) and issubclass(returned, Document)


def _sending(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint``, its documents sent as TwiML; its signature (what FastAPI injects) kept."""
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def sending_async(*args: Any, **kwargs: Any) -> Any:
            return _as_response(await endpoint(*args, **kwargs))

        return sending_async

    @functools.wraps(endpoint)
    def sending(*args: Any, **kwargs: Any) -> Any:
        return _as_response(endpoint(*args, **kwargs))

    return sending


def _as_response(result: object) -> object:
    return TwiMLResponse(result) if isinstance(result, Document) else result
