# Passport's one image: the web app, the task worker and its clock (see compose.yaml).
# The same install steps as `make`: the project with pip, the JSON-LD contexts with npm
# (data only, no scripts run), then the static files collected for whitenoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml package.json package-lock.json README.md ./
COPY passport passport
COPY badges badges
COPY pages pages
COPY sharing sharing
RUN python -m pip install .
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY manage.py gunicorn.conf.py ./
COPY templates templates
COPY static static
COPY locale locale
# collectstatic reads settings, which need a secret key: a throwaway one for this step only.
RUN SECRET_KEY=collectstatic-only DJANGO_DEBUG=0 python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 --home-dir /app passport \
    && mkdir -p /app/media /app/beat && chown passport /app/media /app/beat
USER passport
ENV GUNICORN_BIND=0.0.0.0:8000 \
    CELERY_BEAT_SCHEDULE_FILENAME=/app/beat/celerybeat-schedule
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "passport.wsgi"]
