// A tiny static file server on 127.0.0.1 for the browser tests: paths under `mounts` map to
// folders (longest prefix first); no directory listings, no caching, GET and HEAD only.

import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".map": "application/json",
  ".png": "image/png",
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * mounts: URL prefix ("/", "/dist-browser/") -> folder on disk. `isolated` sends the headers that
 * make pages cross-origin isolated (COOP + COEP), which gives them SharedArrayBuffer.
 */
export async function startStaticServer(mounts: Record<string, string>, options: { isolated?: boolean } = {}): Promise<StaticServer> {
  const isolation = options.isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    const root = prefix === undefined ? undefined : mounts[prefix];
    const file = root === undefined ? undefined : normalize(join(root, path.slice(prefix!.length)));
    const inside = root !== undefined && file !== undefined && (file + sep).startsWith(normalize(root + sep));
    let isFile = false;
    try {
      isFile = inside && statSync(file!).isFile();
    } catch {
      isFile = false;
    }
    if ((req.method !== "GET" && req.method !== "HEAD") || !isFile) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file!)] ?? "application/octet-stream", "cache-control": "no-store", ...isolation });
    if (req.method === "HEAD") res.end();
    else createReadStream(file!).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
