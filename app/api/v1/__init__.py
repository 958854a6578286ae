from fastapi import APIRouter, Depends

from app.api.auth import retraction_scope
from app.api.deps import reject_unknown_params
from app.api.v1 import (
    claims,
    curation,
    dashboard,
    figures,
    initiatives,
    partners,
    people,
    search,
    sources,
)

router = APIRouter(
    prefix="/v1", dependencies=[Depends(reject_unknown_params), Depends(retraction_scope)]
)
for module in (
    sources,
    initiatives,
    partners,
    people,
    figures,
    search,
    claims,
    dashboard,
    curation,
):
    router.include_router(module.router)
