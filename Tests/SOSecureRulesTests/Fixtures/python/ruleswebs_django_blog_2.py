"""Blog app views (blog/views.py) generated for a Django 4.2 project."""
import json
import logging

from django import template
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Comment, Post

logger = logging.getLogger(__name__)
register = template.Library()


def post_list(request):
    tag = request.GET.get("tag", "")
    # expect: django-raw-sql-with-untrusted-input
    posts = Post.objects.raw(f"SELECT * FROM blog_post WHERE tags LIKE '%{tag}%' ORDER BY created DESC")
    return render(request, "blog/list.html", {"posts": posts, "tag": tag})


def post_list_safe(request):
    tag = request.GET.get("tag", "")
    # ok: django-raw-sql-with-untrusted-input
    posts = Post.objects.raw("SELECT * FROM blog_post WHERE tags LIKE %s ORDER BY created DESC", [f"%{tag}%"])
    return render(request, "blog/list.html", {"posts": posts, "tag": tag})


def archive(request):
    year = request.GET.get("year", "2024")
    with connection.cursor() as cursor:
        # expect: sql-execute-with-untrusted-input
        cursor.execute("SELECT id, title FROM blog_post WHERE strftime('%%Y', created) = '%s'" % year)
        rows = cursor.fetchall()
    return JsonResponse({"posts": [{"id": r[0], "title": r[1]} for r in rows]})


def archive_count(request):
    year = int(request.GET.get("year", "2024"))
    with connection.cursor() as cursor:
        # ok: sql-execute-with-untrusted-input
        cursor.execute("SELECT COUNT(*) FROM blog_post WHERE year = %s", [year])
        count = cursor.fetchone()[0]
    return JsonResponse({"count": count})


def greet(request):
    name = request.GET.get("name", "reader")
    # expect: html-response-with-untrusted-input
    return HttpResponse("<h2>Thanks for reading, " + name + "!</h2>")


def greet_escaped(request):
    name = request.GET.get("name", "reader")
    # ok: html-response-with-untrusted-input
    return HttpResponse("<h2>Thanks for reading, " + escape(name) + "!</h2>")


@register.filter
def author_byline(post):
    # expect: html-marked-safe-with-formatting
    return mark_safe(f"<span class='author'>{post.author.get_full_name()}</span>")


@register.filter
def category_badge(post):
    # ok: django-format-html-with-preformatted-string
    return format_html("<span class='badge'>{}</span>", post.category)


def post_detail(request, slug):
    post = get_object_or_404(Post, slug=slug)
    return render(request, "blog/detail.html", {"post": post})


@require_POST
# expect: django-csrf-exempt-view
@csrf_exempt
def add_comment(request, post_id):
    data = json.loads(request.body)
    author = data.get("author", "anonymous")
    # expect: log-injection-untrusted-input
    logger.info("new comment on %s by %s", post_id, author)
    comment = Comment.objects.create(post_id=post_id, author=author, body=data["body"])
    # expect: html-marked-safe-with-untrusted-input
    preview = mark_safe(data["body"])
    return render(request, "blog/comment.html", {"comment": comment, "preview": preview})


def go(request):
    target = request.GET.get("to", "/")
    # expect: open-redirect-untrusted-url
    return redirect(target)


def go_home(request):
    # ok: open-redirect-untrusted-url
    return redirect("blog:post_list")
