#!/usr/bin/env python3
"""Writes a synthetic Stack Exchange dump (Posts.xml, Comments.xml) in the real format, plus
query files, for Benchmarks/kb-bench.sh.

Shape follows the real dump: one <row .../> per line, attributes entity-escaped, Body is
escaped HTML with code in <pre><code>, newlines as &#xA;, Tags as |a|b| (new style) or
<a><b> (old style). Questions come before their answers, as in a real dump ordered by Id.

usage: kb-gen-dump.py OUT_DIR [POSTS] [QUERIES]
"""
import html
import os
import random
import sys

LANGS = {
    "python": (["python", "django", "flask", "pandas", "python-3.x", "sqlalchemy"], [
        "import {mod}\n\ndef {fn}({a}, {b}):\n    {v} = {mod}.{api}({a}, {kw}=True)\n    if not {v}:\n        return None\n    return {v}.{attr}({b})\n",
        "cursor.execute(\"SELECT * FROM {t} WHERE {col} = '%s'\" % {a})\nrows = cursor.fetchall()\nfor row in rows:\n    print(row['{col}'])\n",
        "@app.route('/{t}/<{a}>')\ndef {fn}({a}):\n    {v} = request.args.get('{col}')\n    return render_template('{t}.html', {a}={a}, {v}={v})\n",
        "with open({a}, 'rb') as handle:\n    {v} = pickle.load(handle)\n{v}.{attr}({b})\n",
    ]),
    "javascript": (["javascript", "node.js", "express", "reactjs", "jquery"], [
        "const {v} = require('{mod}');\n\napp.get('/{t}', (req, res) => {{\n  const {a} = req.query.{col};\n  {v}.{api}({a}, (err, {b}) => {{\n    if (err) return res.status(500).send(err.message);\n    res.json({b});\n  }});\n}});\n",
        "function {fn}({a}) {{\n  document.getElementById('{t}').innerHTML = {a}.{attr};\n  return fetch('/api/{t}?{col}=' + {a}.{col});\n}}\n",
    ]),
    "java": (["java", "spring", "jdbc", "spring-boot", "hibernate"], [
        "public {T} {fn}(String {a}) throws SQLException {{\n    Statement st = conn.createStatement();\n    ResultSet rs = st.executeQuery(\"SELECT * FROM {t} WHERE {col} = '\" + {a} + \"'\");\n    return rs.next() ? map(rs) : null;\n}}\n",
        "@GetMapping(\"/{t}\")\npublic ResponseEntity<{T}> {fn}(@RequestParam String {a}) {{\n    {T} {v} = {mod}Service.{api}({a});\n    return ResponseEntity.ok({v});\n}}\n",
    ]),
    "c": (["c", "gcc", "posix", "pointers"], [
        "#include <stdio.h>\n#include <string.h>\n\nint {fn}(const char *{a}) {{\n    char {v}[64];\n    strcpy({v}, {a});\n    printf(\"%s\\n\", {v});\n    return (int)strlen({v});\n}}\n",
    ]),
    "php": (["php", "mysqli", "laravel", "pdo"], [
        "<?php\n${a} = $_GET['{col}'];\n$result = mysqli_query($conn, \"SELECT * FROM {t} WHERE {col} = '\" . ${a} . \"'\");\nwhile ($row = mysqli_fetch_assoc($result)) {{\n    echo $row['{col}'];\n}}\n",
    ]),
    "go": (["go", "gin-gonic", "go-gorm"], [
        "func {fn}(w http.ResponseWriter, r *http.Request) {{\n    {a} := r.URL.Query().Get(\"{col}\")\n    rows, err := db.Query(fmt.Sprintf(\"SELECT * FROM {t} WHERE {col} = '%s'\", {a}))\n    if err != nil {{\n        http.Error(w, err.Error(), 500)\n        return\n    }}\n    defer rows.Close()\n}}\n",
    ]),
}
WORDS = ("user name order item account file path config value result data token session request response "
         "handler client server cache record entry report image upload download query filter page limit offset "
         "message error status price amount customer product invoice payment address email profile setting").split()
MODULES = "subprocess os requests yaml hashlib sqlite3 json pickle shutil tempfile urllib random crypto fs child_process http".split()
APIS = "call run load loads dumps get post open read write exec execute query update parse render check_output system".split()
PROSE = ("You can do this by calling the function with the right arguments. It works for me on the latest version. "
         "Make sure you read the documentation first; the behaviour changed between releases. "
         "This approach is simple and keeps the code readable. I would also add some logging around it. "
         "The problem is that the variable is overwritten inside the loop, so move it outside. ").split(". ")
SECURITY = ["This is vulnerable to SQL injection, use parameters instead.",
            "Never pass user input to a shell: an attacker can inject commands.",
            "Disabling certificate verification makes the connection insecure.",
            "MD5 is a weak hash for passwords; use bcrypt or argon2.",
            "Unpickling untrusted data is remote code execution.",
            "Escape the output or this is an XSS hole.",
            "That eval is unsafe with anything the user controls."]
COMMENTS = ["Thanks, this worked.", "Which version are you using?", "Can you post the full traceback?",
            "Great answer, upvoted.", "This does not compile for me.", "Did you try restarting the server?"]


def identifier(rng):
    return rng.choice(WORDS) + ("_" + rng.choice(WORDS) if rng.random() < 0.5 else "")


def snippet(rng, lang):
    template = rng.choice(LANGS[lang][1])
    code = template.format(mod=rng.choice(MODULES), api=rng.choice(APIS), fn=identifier(rng), a=identifier(rng),
                           b=identifier(rng), v=identifier(rng), kw=rng.choice(WORDS), attr=rng.choice(APIS),
                           t=rng.choice(WORDS) + "s", col=rng.choice(WORDS), T=rng.choice(WORDS).capitalize())
    # Realistic blocks are 5-40 lines: repeat with variations.
    repeats = rng.choice([1, 1, 1, 2, 2, 3])
    return "\n".join(code if i == 0 else code.replace("(", "_%d(" % i, 1) for i in range(repeats))


def prose(rng, sentences, security=False):
    text = ". ".join(rng.choice(PROSE) for _ in range(sentences)) + "."
    if security:
        text += " " + rng.choice(SECURITY)
    return text


def body(rng, lang, paragraphs, code_blocks, security=False):
    parts = []
    for i in range(max(paragraphs, code_blocks)):
        if i < paragraphs:
            parts.append("<p>" + html.escape(prose(rng, rng.randint(2, 5), security and i == 0), quote=False) + "</p>")
        if i < code_blocks:
            parts.append("<pre><code>" + html.escape(snippet(rng, lang), quote=False) + "</code></pre>")
    return "\n\n".join(parts) + "\n"


def attr(value):
    # XML attribute escaping as the dump writer does it, newlines as character references.
    return html.escape(value, quote=True).replace("&#x27;", "&#39;").replace("\n", "&#xA;")


def main():
    out = sys.argv[1]
    posts_total = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    queries = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    rng = random.Random(20240501)
    os.makedirs(out, exist_ok=True)
    answer_ids = []
    with open(os.path.join(out, "Posts.xml"), "w", encoding="utf-8") as posts:
        posts.write('<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
        post_id = 0
        while post_id < posts_total:
            post_id += 1
            question_id = post_id
            lang = rng.choice(list(LANGS))
            tags = [LANGS[lang][0][0]] + rng.sample(LANGS[lang][0][1:], k=min(2, len(LANGS[lang][0]) - 1))
            tag_text = "|" + "|".join(tags) + "|" if rng.random() < 0.5 else "".join("<%s>" % t for t in tags)
            answers = rng.choice([0, 1, 1, 2, 2, 3])
            title = "How do I %s the %s in %s" % (rng.choice(APIS), identifier(rng).replace("_", " "), tags[1])
            accepted = ' AcceptedAnswerId="%d"' % (question_id + 1) if answers else ""
            posts.write('  <row Id="%d" PostTypeId="1"%s CreationDate="2019-01-01T00:00:00.000" Score="%d" '
                        'ViewCount="%d" Body="%s" OwnerUserId="%d" Title="%s" Tags="%s" AnswerCount="%d" CommentCount="2" '
                        'ContentLicense="CC BY-SA 4.0" />\n'
                        % (question_id, accepted, rng.randint(-2, 50), rng.randint(10, 90000),
                           attr(body(rng, lang, rng.randint(1, 3), rng.choice([0, 1, 1]))), rng.randint(1, 10**6),
                           attr(title), attr(tag_text), answers))
            for _ in range(answers):
                if post_id >= posts_total:
                    break
                post_id += 1
                answer_ids.append(post_id)
                code_blocks = rng.choice([0, 1, 1, 1, 2])
                security = rng.random() < 0.15
                posts.write('  <row Id="%d" PostTypeId="2" ParentId="%d" CreationDate="2019-01-02T00:00:00.000" Score="%d" '
                            'Body="%s" OwnerUserId="%d" CommentCount="2" ContentLicense="CC BY-SA 4.0" />\n'
                            % (post_id, question_id, rng.randint(-3, 120),
                               attr(body(rng, lang, rng.randint(1, 4), code_blocks, security)), rng.randint(1, 10**6)))
        posts.write("</posts>\n")
    with open(os.path.join(out, "Comments.xml"), "w", encoding="utf-8") as comments:
        comments.write('<?xml version="1.0" encoding="utf-8"?>\n<comments>\n')
        for comment_id in range(1, 2 * posts_total + 1):
            # Two thirds of comments sit on answers, the rest on questions.
            if answer_ids and rng.random() < 0.67:
                post = rng.choice(answer_ids)
            else:
                post = rng.randint(1, posts_total)
            text = rng.choice(SECURITY) if rng.random() < 0.08 else rng.choice(COMMENTS) + " " + prose(rng, 1)
            comments.write('  <row Id="%d" PostId="%d" Score="%d" Text="%s" CreationDate="2019-01-03T00:00:00.000" '
                           'UserId="%d" ContentLicense="CC BY-SA 4.0" />\n'
                           % (comment_id, post, rng.randint(0, 30), attr(text), rng.randint(1, 10**6)))
        comments.write("</comments>\n")
    query_dir = os.path.join(out, "queries")
    os.makedirs(query_dir, exist_ok=True)
    for index in range(queries):
        lang = rng.choice(list(LANGS))
        lines = []
        target = rng.randint(20, 80)
        while len(lines) < target:
            lines.extend(snippet(rng, lang).split("\n"))
        with open(os.path.join(query_dir, "q%03d.%s" % (index, {"python": "py", "javascript": "js", "java": "java", "c": "c", "php": "php", "go": "go"}[lang])), "w") as handle:
            handle.write("\n".join(lines[:target]) + "\n")


if __name__ == "__main__":
    main()
