# syntax=docker/dockerfile:1
# masdar: the same commands as the README, in a slim multi-stage image.
FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
# Runtime dependencies only, at the versions pinned in requirements.lock.
COPY requirements.lock pyproject.toml README.md ./
COPY app ./app
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install -c requirements.lock . \
 && /opt/venv/bin/pip uninstall -y masdar

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MASDAR_DATABASE_URL=sqlite:////var/lib/masdar/masdar.db \
    MASDAR_SEED_DIR=/app/data/seed
RUN useradd --system --uid 10001 --home /app masdar \
 && mkdir -p /var/lib/masdar && chown masdar /var/lib/masdar
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations ./migrations
COPY data ./data
COPY docs ./docs
COPY pyproject.toml README.md ./
COPY app ./app
# Editable install: the `masdar` command runs the code in /app next to migrations/ and data/.
RUN pip install --no-deps -e . && chown -R masdar /var/lib/masdar
USER masdar
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health/ready', timeout=2).status == 200 else 1)"]
# `masdar serve` applies the migrations, seeds an empty database, then serves.
CMD ["masdar", "serve", "--host", "0.0.0.0", "--port", "8000"]
