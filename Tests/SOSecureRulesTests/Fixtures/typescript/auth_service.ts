import crypto from "crypto";
import https from "https";
import jwt from "jsonwebtoken";
import libxmljs from "libxmljs";
import { Request, Response, NextFunction } from "express";

const JWT_SECRET: string = process.env.JWT_SECRET || "change-me";

interface Claims {
  sub: string;
  role: "admin" | "user";
}

export function issueToken(user: { id: string; role: Claims["role"] }): string {
  // expect: js-hardcoded-signing-secret
  return jwt.sign({ sub: user.id, role: user.role }, JWT_SECRET, { expiresIn: "1h" });
}

export function requireAdmin(req: Request, res: Response, next: NextFunction): void {
  const token = req.headers.authorization?.replace("Bearer ", "") ?? "";
  // expect: js-jwt-decode-without-verify
  const claims = jwt.decode(token) as Claims | null;
  if (claims?.role !== "admin") {
    res.status(403).json({ error: "forbidden" });
    return;
  }
  next();
}

export function verifyPartnerToken(token: string, partnerKey: string): Claims {
  return jwt.verify(token, partnerKey, {
    // expect: js-jwt-none-algorithm
    algorithms: ["RS256", "none"],
  }) as Claims;
}

export function hashPassword(password: string): string {
  // expect: js-fast-hash-for-password
  return crypto.createHash("sha1").update(password).digest("hex");
}

export function fingerprint(body: Buffer): string {
  // ok: js-fast-hash-for-password
  return crypto.createHash("sha256").update(body).digest("hex");
}

export function encryptSsn(ssn: string, key: Buffer): string {
  // expect: js-weak-cipher-algorithm
  const cipher = crypto.createCipheriv("aes-128-ecb", key, null);
  return Buffer.concat([cipher.update(ssn, "utf8"), cipher.final()]).toString("base64");
}

export function encryptNote(note: string, key: Buffer): Buffer {
  const iv = crypto.randomBytes(12);
  // ok: js-weak-cipher-algorithm
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  return Buffer.concat([iv, cipher.update(note, "utf8"), cipher.final(), cipher.getAuthTag()]);
}

export function legacyDecrypt(data: string, password: string): string {
  // expect: js-create-cipher-without-iv
  const decipher = crypto.createDecipher("aes-256-cbc", password);
  return decipher.update(data, "hex", "utf8") + decipher.final("utf8");
}

export const legacyAgent = new https.Agent({
  keepAlive: true,
  // expect: js-outdated-tls-version
  minVersion: "TLSv1",
});

export function parseInvoice(xml: string): string[] {
  // expect: js-xml-external-entities
  const doc = libxmljs.parseXml(xml, { noent: true });
  return doc.find("//line/description").map((node) => node.text());
}
