// The admin hooks change the tenant (grants, knownClientApplications, logout URLs, faults, the clock), so
// a page on another site must not reach them through a developer's browser. Test code calls them from
// Node, which sends neither Origin nor Sec-Fetch-Site. Two rules, as for any JSON API without CORS:
//   1. a browser that says the request came from another origin (Origin, Sec-Fetch-Site) is refused;
//   2. a POST must be application/json, which no cross-site form or no-cors fetch can send without a
//      preflight (and the emulator answers no preflight for /_admin). POST is the only CORS-simple verb
//      that changes state: a cross-site PUT/PATCH/DELETE is preflighted, so it never arrives.
import type { Request } from "../http.ts";

const SIMPLE_WRITE_METHODS = new Set(["POST"]);

export interface Refusal {
  status: 403 | 415;
  body: { error: string; error_description: string };
}

export function adminRequestRefusal(req: Request): Refusal | undefined {
  const site = req.headers["sec-fetch-site"];
  if (typeof site === "string" && site !== "same-origin" && site !== "none") return forbidden(`a ${site} request`);
  const origin = req.headers.origin;
  if (typeof origin === "string" && origin !== `https://${req.headers.host ?? ""}`)
    return forbidden(`a request from ${origin === "null" ? "an opaque origin" : "another origin"}`);
  if (SIMPLE_WRITE_METHODS.has(req.method) && !isJson(req.headers["content-type"])) {
    return {
      status: 415,
      body: {
        error: "invalid_request",
        error_description: "Admin POST requests must send Content-Type: application/json.",
      },
    };
  }
  return undefined;
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/json";
}

function forbidden(what: string): Refusal {
  return {
    status: 403,
    body: {
      error: "forbidden",
      error_description: `The admin hooks refuse ${what}: call them from a test or a terminal, not from a web page.`,
    },
  };
}
