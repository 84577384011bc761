// Admin helpers for the internal dashboard (generated, then reviewed by hand).
const express = require("express");
const { exec, execFile } = require("child_process");
const crypto = require("crypto");
const https = require("https");

const app = express();
app.use(express.json());

app.get("/admin/ping", (req, res) => {
  const target = req.query.host || "localhost";
  const command = `ping -c 2 ${target}`;
  // expect: js-child-process-with-request-data
  exec(command, (error, stdout) => {
    res.type("text/plain").send(error ? String(error) : stdout);
  });
});

app.get("/admin/dig", (req, res) => {
  // ok: js-child-process-with-request-data
  execFile("dig", ["+short", req.query.name], (error, stdout) => res.send(stdout));
});

app.post("/admin/report", async (req, res) => {
  const { table, since } = req.body;
  // expect: js-sql-built-by-string
  const rows = await db.query(`SELECT * FROM ${table} WHERE created_at > '${since}'`);
  // ok: js-sql-built-by-string
  const count = await db.query("SELECT COUNT(*) FROM audit WHERE actor = $1", [req.user.id]);
  res.json({ rows, count });
});

app.post("/admin/formula", (req, res) => {
  // expect: js-eval-of-dynamic-code
  const value = eval(req.body.formula);
  res.json({ value });
});

function issueApiKey(user) {
  // expect: js-math-random-for-secret
  const apiKey = "k_" + Math.random().toString(36).slice(2);
  // ok: js-math-random-for-secret
  const requestId = crypto.randomUUID();
  return { user, apiKey, requestId };
}

const legacyAgent = new https.Agent({
  keepAlive: true,
  // expect: js-tls-verification-disabled
  rejectUnauthorized: false,
});

function renderBanner(message) {
  const banner = document.querySelector("#banner");
  // expect: js-html-injection-sink
  banner.innerHTML = "<strong>" + message + "</strong>";
  // ok: js-html-injection-sink
  banner.title = "<strong>" + message + "</strong>";
}

module.exports = { app, issueApiKey, legacyAgent, renderBanner };
