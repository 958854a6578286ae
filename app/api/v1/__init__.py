from fastapi import APIRouter, Depends

from app.api.deps import reject_unknown_params
from app.api.v1 import figures, initiatives, partners, people, sources

router = APIRouter(prefix="/v1", dependencies=[Depends(reject_unknown_params)])
for module in (sources, initiatives, partners, people, figures):
    router.include_router(module.router)
