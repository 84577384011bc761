import { Request, Response } from "express";
import { execSync } from "child_process";

interface ConvertOptions {
  width: number;
  format: "png" | "jpg";
}

export function convert(req: Request, res: Response): void {
  const file: string = req.params.file;
  const options: ConvertOptions = { width: 200, format: "png" };
  const target = `${file}.${options.format}`;
  // expect: js-child-process-with-request-data
  execSync(`convert uploads/${file} -resize ${options.width} ${target}`);
  res.json({ target });
}

export function preview(container: HTMLElement, markdown: string): void {
  // expect: js-html-injection-sink
  container.innerHTML = render<string>(markdown);
  // ok: js-html-injection-sink
  container.textContent = markdown;
}

export function sessionCookie(): string {
  // expect: js-math-random-for-secret
  const sessionId: string = Math.random().toString(16).substring(2);
  return `sid=${sessionId}; HttpOnly; Secure`;
}
