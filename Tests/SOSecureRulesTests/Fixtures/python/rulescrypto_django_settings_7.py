"""
Django settings for the shop project (generated with startproject, then edited).
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
# expect: hardcoded-secret-key
SECRET_KEY = "django-insecure-=k3v!x9q#2m@p7w$z1r8t&y5u0i4o6e"

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "shop",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop_app",
        # expect: hardcoded-password
        "PASSWORD": "sh0p-Adm1n-2024",
        "HOST": "db.internal",
        "PORT": "5432",
    },
    "analytics": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "analytics",
        "USER": os.environ.get("ANALYTICS_DB_USER", "analytics"),
        # ok: hardcoded-password
        "PASSWORD": os.environ.get("ANALYTICS_DB_PASSWORD", ""),
        "HOST": "analytics.internal",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.sendgrid.net"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "apikey"
# expect: hardcoded-password
EMAIL_HOST_PASSWORD = "SG.q8Rk2LmN4pXz7VwT1yHc.b3JfK9sD2gA6eU0iO5nM8vQ4xZ1cW7rT3yE6uI9oP2a"

# expect: hardcoded-aws-credentials
AWS_ACCESS_KEY_ID = "AKIA2J4K6M8N0P2Q4R6S"
# ok: hardcoded-aws-credentials
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY")
AWS_STORAGE_BUCKET_NAME = "shop-media"

# expect: hardcoded-api-key
STRIPE_SECRET_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
# ok: hardcoded-api-key
STRIPE_PUBLISHABLE_KEY = "pk_live_TYooMQauvdEDq54NiTphI7jx"

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")
# expect: credentials-in-connection-url
REDIS_URL = "redis://:Redis-Pa55w0rd@cache.internal:6379/1"
