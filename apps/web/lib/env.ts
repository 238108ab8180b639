// The only module of the portal that reads process.env; next.config.ts and server code
// import it. Everything it reads is listed in README.md.

const DEFAULT_API_INTERNAL_URL = 'http://127.0.0.1:4000';

export type WebEnv = {
  /** Where the Next.js server reaches the API; the browser never sees this address. */
  apiInternalUrl: string;
};

/** Parses the environment; throws naming the variable when a value is unusable. */
export function readWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  const raw = source.API_INTERNAL_URL?.trim() || DEFAULT_API_INTERNAL_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`API_INTERNAL_URL: not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`API_INTERNAL_URL: must start with http:// or https://, got ${raw}`);
  }
  // Rewrites append "/api/...", so a trailing slash would produce "//api".
  return { apiInternalUrl: url.origin + url.pathname.replace(/\/+$/, '') };
}
